import { lstatSync, type Stats } from 'node:fs'
import type { Representation } from './fileTable.ts'

/** Files over this size are always streamed, never held in memory. */
export const MAX_CACHED_FILE: number = 1024 * 1024

/** The memory budget every representation of one file table draws on. */
export interface MemoryCache {
  remaining: number
}

/**
 * The bytes kept for `rep`, if the file at its path is still the one they were read from (same
 * inode, size, modification and change times): a file deleted, replaced or swapped for a link
 * drops them, so the cache never outlives the file it mirrors. One lstat, run synchronously:
 * the inode is in the kernel's cache, and a thread-pool round trip would cost more than the call.
 */
export function cachedBytes(rep: Representation, cache: MemoryCache): Buffer | undefined {
  const body = rep.body
  if (body === undefined) return undefined
  let now: Stats | undefined
  try {
    now = lstatSync(rep.path, { throwIfNoEntry: false })
  } catch {
    now = undefined
  }
  if (now !== undefined && now.ino === body.ino && now.dev === body.dev && now.size === body.bytes.byteLength && now.mtimeMs === body.mtimeMs && now.ctimeMs === body.ctimeMs) {
    return body.bytes
  }
  rep.body = undefined
  cache.remaining += body.bytes.byteLength
  return undefined
}

/** Keeps `bytes`, read from a file whose fstat is `stats`, for `rep` while the budget lasts. */
export function keep(rep: Representation, bytes: Buffer, stats: Stats, cache: MemoryCache): void {
  if (rep.body !== undefined || bytes.byteLength > cache.remaining) return
  cache.remaining -= bytes.byteLength
  rep.body = { bytes, dev: stats.dev, ino: stats.ino, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs }
}
