/** One stored object (or file), by key relative to the store's root. */
export interface StoredObject {
  size: number
  /** S3's ETag without quotes (the MD5 of a single-part upload); undefined for local files. */
  etag: string | undefined
  lastModified: Date
}

/** Where a build's output lives: the output dir on disk, or a bucket prefix. */
export interface ObjectStore {
  /** A human-readable location for messages (`dist/static`, `s3://bucket/static/`). */
  readonly location: string
  /** Every object under the root, by key (POSIX path relative to it). */
  list(): Promise<Map<string, StoredObject>>
  read(key: string): Promise<Uint8Array>
  remove(keys: readonly string[]): Promise<void>
}
