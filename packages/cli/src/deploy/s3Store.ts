import type { PutObjectCommandInput } from '@aws-sdk/client-s3'
import type { ObjectStore, StoredObject } from './objectStore.ts'
import { loadS3Sdk } from './loadS3Sdk.ts'
import { runPool } from './runPool.ts'
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
  /** Lists in parallel ranges split at `boundaries` (keys expected there, such as every 1,000th local key). */
  list(boundaries?: readonly string[]): Promise<Map<string, StoredObject>>
  put(key: string, body: Uint8Array, options: PutOptions): Promise<void>
  /** One object's size and ETag, or undefined when it is not there. */
  head(key: string): Promise<StoredObject | undefined>
  destroy(): void
}

const LIST_CONCURRENCY = 8

/** Opens a bucket prefix. The AWS SDK (an optional peer) is loaded here, not at start-up: most commands never need it. */
export async function s3Store({ bucket, prefix }: S3Location, options: S3Options = {}): Promise<S3Store> {
  const { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } = await loadS3Sdk()
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
    async list(boundaries: readonly string[] = []) {
      const objects = new Map<string, StoredObject>()
      // Keys in (after, until]: pages of 1,000 from `after`, stopping past `until`.
      const range = async (after: string | undefined, until: string | undefined): Promise<void> => {
        let token: string | undefined
        do {
          const page = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token, ...(token === undefined && after !== undefined ? { StartAfter: prefix + after } : {}) }),
          )
          for (const object of page.Contents ?? []) {
            if (!object.Key) continue
            const key = object.Key.slice(prefix.length)
            if (until !== undefined && key > until) return
            objects.set(key, { size: object.Size ?? 0, etag: object.ETag?.replace(/"/g, ''), lastModified: object.LastModified ?? new Date(0) })
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined
        } while (token)
      }
      // A long listing is a chain of 1,000-key pages; split at the given keys, the ranges run in parallel.
      const cuts = [...new Set(boundaries)].sort()
      const ranges = [undefined, ...cuts].map((after, index) => [after, cuts[index]] as const)
      await runPool(ranges, LIST_CONCURRENCY, ([after, until]) => range(after, until))
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
    async head(key) {
      try {
        const object = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: prefix + key }))
        return { size: object.ContentLength ?? 0, etag: object.ETag?.replace(/"/g, ''), lastModified: object.LastModified ?? new Date(0) }
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined
        throw error
      }
    },
    destroy: () => client.destroy(),
  }
}
