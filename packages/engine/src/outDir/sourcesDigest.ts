import { createHash } from 'node:crypto'
import type { StampColumn } from '../table/stampColumn.ts'
import type { NamedFiles } from '../table/namedFiles.ts'

/** Characters gathered before they are hashed: one call into the hash per batch of files, not per file. */
const BATCH = 64 * 1024

/**
 * A digest of the source files a build read: each one's logical name and path in name order (each
 * ended by a NUL, which neither can hold), then the stamps as the build's column holds them (by
 * walk position, which the same files in the same dirs always have). The build cache keeps the
 * one of the files it was written for, so that a rebuild knows that none was added, removed,
 * moved or changed by comparing one digest instead of reading every file's record.
 */
export function sourcesDigest(order: NamedFiles, stamps: StampColumn): string {
  const hash = createHash('sha256')
  const { names } = order
  let batch = ''
  for (let at = 0; at < names.length; at++) {
    batch += `${names[at]}\0${order.fileAt(at).path}\0`
    if (batch.length >= BATCH) (hash.update(batch), (batch = ''))
  }
  hash.update(batch)
  for (const bytes of stamps.bytes()) hash.update(bytes)
  return hash.digest('base64')
}
