import { createHash } from 'node:crypto'
import type { FileStamp } from './buildCache.ts'

/** Characters gathered before they are hashed: one call into the hash per batch of files, not per file. */
const BATCH = 64 * 1024

/**
 * What the digest hashes of one source file: its logical name, its path and its stamp. Neither a
 * name nor a path can hold a NUL, and a stamp holds no newline, so no two lists of files make
 * the same text.
 */
export function sourceLine(name: string, path: string, { size, mtimeMs, ctimeMs, ino }: FileStamp): string {
  return `${name}\0${path}\0${size}:${mtimeMs}:${ctimeMs}:${ino}\n`
}

/**
 * A digest of the `count` source files a build read, in name order (`lineAt(index)` is
 * `sourceLine` of the index-th). The build cache keeps the one of the files it was written for,
 * so that a rebuild knows that none was added, removed, moved or changed by comparing one digest
 * instead of reading every file's record.
 */
export function sourcesDigest(count: number, lineAt: (index: number) => string): string {
  const hash = createHash('sha256')
  let batch = ''
  for (let index = 0; index < count; index++) {
    batch += lineAt(index)
    if (batch.length >= BATCH) (hash.update(batch), (batch = ''))
  }
  return hash.update(batch).digest('base64')
}
