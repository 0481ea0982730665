import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { ageFiles } from './ageFiles.ts'
import { ListObjectsV2Command, HeadObjectCommand, S3Client, type HeadObjectCommandOutput } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { testDir } from './paths.ts'

/** s3rver's fixed credentials; the SDK (in process and in spawned CLIs) finds them in the environment. */
export const s3Env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }
Object.assign(process.env, s3Env)

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1 with one bucket, and a client for assertions.
 * s3rver's list pagination needs DES (OpenSSL's legacy provider): keep a test's prefix under 1,000 keys.
 */
export interface LocalS3 {
  endpoint: string
  bucket: string
  client: S3Client
  /** Keys in the order the server stored them. */
  created: string[]
  keys(prefix: string): Promise<string[]>
  head(key: string): Promise<HeadObjectCommandOutput>
  /** Sets back every stored object's modification time (S3's `LastModified`) by `ms`. */
  age(ms: number): void
  stop(): Promise<void>
}

export async function startS3(bucket = 'assets'): Promise<LocalS3> {
  const directory = mkdtempSync(join(testDir, '.output', 's3-'))
  const server = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = (await server.run()) as { port: number }
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' })
  const created: string[] = []
  server.on('event', (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
    for (const record of event.Records) if (record.eventName.startsWith('ObjectCreated')) created.push(decodeURIComponent(record.s3.object.key))
  })
  return {
    endpoint,
    bucket,
    client,
    created,
    async keys(prefix) {
      const keys: string[] = []
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
        for (const object of page.Contents ?? []) keys.push(object.Key!.slice(prefix.length))
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return keys.sort()
    },
    head: (key) => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    // s3rver answers an object's LastModified with its file's mtime.
    age: (ms) => ageFiles(directory, ms),
    async stop() {
      client.destroy()
      await server.close()
    },
  }
}
