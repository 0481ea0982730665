import { closeSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { HASH_LENGTH } from '../hash/hashedName.ts'
import { CACHE_PATH } from './buildCache.ts'

/**
 * The fields the cache file starts with, enough for a rebuild to know that nothing changed
 * without reading the columns (`readCacheHeader`).
 */
export interface CacheHeader {
  key: string
  /** `sourcesDigest` of the files it was written for, in name order. */
  sources: string
  /** How many files. */
  count: number
  /** The size of their hashed files, summed. */
  bytes: number
  /** Whether parsing a file reported something: a rebuild then reads the notes, to say them again. */
  said: boolean
}

/**
 * What the header is followed by: the `hashes` column (`count` × `HASH_LENGTH` hex characters).
 * No string in the header can hold it, a quote being escaped there.
 */
const HEADER_END = ',"hashes":"'
/** Bytes read at a time when looking for the header's end; a header longer than `HEADER_LIMIT` is not one. */
const HEADER_CHUNK = 4096
const HEADER_LIMIT = 1 << 20

/** Where a header was found: the header, and the byte offset of the `hashes` column's first character. */
export interface FoundHeader {
  header: CacheHeader
  hashesAt: number
}

/** `read` of the cache file in `outDir`, opened for it and closed after; `undefined` when it cannot be opened. */
function withCacheFile<T>(outDir: string, read: (fd: number) => T | undefined): T | undefined {
  let fd: number
  try {
    fd = openSync(join(outDir, CACHE_PATH), 'r')
  } catch {
    return undefined
  }
  try {
    return read(fd)
  } finally {
    closeSync(fd)
  }
}

/** The cache file's header and where its `hashes` column starts, read alone; `undefined` when it cannot be. */
export function readCacheHeader(outDir: string): FoundHeader | undefined {
  return withCacheFile(outDir, (fd) => {
    let start = Buffer.alloc(0)
    while (start.length < HEADER_LIMIT) {
      const chunk = Buffer.allocUnsafe(HEADER_CHUNK)
      const read = readSync(fd, chunk, 0, HEADER_CHUNK, start.length)
      if (read === 0) return undefined
      start = Buffer.concat([start, chunk.subarray(0, read)])
      const end = start.indexOf(HEADER_END)
      if (end === -1) continue
      const header = parseHeader(`${start.toString('utf8', 0, end)}}`)
      return header && { header, hashesAt: end + HEADER_END.length }
    }
    return undefined
  })
}

function parseHeader(text: string): CacheHeader | undefined {
  try {
    const header = JSON.parse(text) as CacheHeader
    const { key, sources, count, bytes, said } = header
    return typeof key === 'string' && typeof sources === 'string' && Number.isInteger(count) && count >= 0 && typeof bytes === 'number' && typeof said === 'boolean' ? header : undefined
  } catch {
    return undefined
  }
}

/** The `hashes` column of a cache whose header said where it starts and how many files it has; `undefined` when it is not whole there. */
export function readCacheHashes(outDir: string, { header, hashesAt }: FoundHeader): string | undefined {
  const length = header.count * HASH_LENGTH
  const bytes = Buffer.allocUnsafe(length + 1)
  const whole = withCacheFile(outDir, (fd) => readSync(fd, bytes, 0, bytes.length, hashesAt) === bytes.length && bytes[length] === 0x22)
  const hashes = whole ? bytes.toString('latin1', 0, length) : ''
  return whole && /^[0-9a-f]*$/.test(hashes) ? hashes : undefined
}
