import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type PutObjectCommandInput } from '@aws-sdk/client-s3'
import type { ObjectStore, StoredObject } from './objectStore.ts'
import type { S3Location } from './s3Location.ts'

/** How to reach the bucket. Credentials come from the AWS SDK's usual chain (environment, profile, role). */
export interface S3Options {
  /** For S3-compatible services (MinIO, R2, Spaces, a local test server); path-style addressing is used with it. @default AWS S3 */
  endpoint?: string | undefined
  /** @default process.env.AWS_REGION, else 'us-east-1' (R2 wants 'auto') */
  region?: string | undefined
  /** Attempts per request, with the SDK's exponential backoff and jitter between them. @default 5 */
  maxAttempts?: number | undefined
}

/** What publish sends with each object. */
export interface PutOptions {
  contentType: string
  cacheControl: string
  contentEncoding?: string | undefined
}

/** A bucket prefix as an object store, plus uploads. */
export interface S3Store extends ObjectStore {
  put(key: string, body: Uint8Array, options: PutOptions): Promise<void>
  destroy(): void
}

export function s3Store({ bucket, prefix }: S3Location, options: S3Options = {}): S3Store {
  const client = new S3Client({
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    // Checksums only where S3 requires them: S3-compatible servers that predate the SDK's
    // default CRC32 headers (older MinIO, R2 at times) reject or mangle them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })
  return {
    location: `s3://${bucket}/${prefix}`,
    async list() {
      const objects = new Map<string, StoredObject>()
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }))
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue
          objects.set(object.Key.slice(prefix.length), {
            size: object.Size ?? 0,
            etag: object.ETag?.replace(/"/g, ''),
            lastModified: object.LastModified ?? new Date(0),
          })
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return objects
    },
    async read(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }))
      return object.Body!.transformToByteArray()
    },
    async remove(keys) {
      // DeleteObjects takes at most 1,000 keys a request.
      for (let index = 0; index < keys.length; index += 1000) {
        const batch = keys.slice(index, index + 1000)
        const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((key) => ({ Key: prefix + key })), Quiet: true } }))
        if (result.Errors?.length) throw new Error(`could not delete ${result.Errors.map((error) => `${error.Key} (${error.Code})`).join(', ')}`)
      }
    },
    async put(key, body, put) {
      const input: PutObjectCommandInput = {
        Bucket: bucket,
        Key: prefix + key,
        Body: body,
        ContentType: put.contentType,
        CacheControl: put.cacheControl,
        ...(put.contentEncoding ? { ContentEncoding: put.contentEncoding } : {}),
      }
      await client.send(new PutObjectCommand(input))
    },
    destroy: () => client.destroy(),
  }
}
