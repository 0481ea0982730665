import { HASH_LENGTH } from '../table/hashedName.ts'

/**
 * The fields the cache file starts with, enough for a rebuild to know that nothing changed
 * without parsing the columns (`cacheHeaderOf`).
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
/** How far into the file the header's end is looked for: a header longer than this is not one. */
const HEADER_LIMIT = 1 << 20

/** Where a header was found: the header, and the byte offset of the `hashes` column's first character. */
export interface FoundHeader {
  header: CacheHeader
  hashesAt: number
}

/** Whether `value` has the header's fields, of their types. */
export function validHeader(value: Partial<CacheHeader>): value is CacheHeader {
  const { key, sources, count, bytes, said } = value
  return typeof key === 'string' && typeof sources === 'string' && Number.isInteger(count) && count! >= 0 && typeof bytes === 'number' && typeof said === 'boolean'
}

/** The header at the start of a cache file's bytes, and where its `hashes` column starts; `undefined` when there is none. */
export function cacheHeaderOf(bytes: Buffer): FoundHeader | undefined {
  const end = bytes.subarray(0, HEADER_LIMIT).indexOf(HEADER_END)
  if (end === -1) return undefined
  try {
    const header = JSON.parse(`${bytes.toString('utf8', 0, end)}}`) as Partial<CacheHeader>
    return validHeader(header) ? { header, hashesAt: end + HEADER_END.length } : undefined
  } catch {
    return undefined
  }
}

/** The `hashes` column of a cache file's bytes whose header was found; `undefined` when it is not whole there. */
export function hashesOf(bytes: Buffer, { header, hashesAt }: FoundHeader): string | undefined {
  const end = hashesAt + header.count * HASH_LENGTH
  if (bytes[end] !== 0x22) return undefined
  const hashes = bytes.toString('latin1', hashesAt, end)
  return /^[0-9a-f]*$/.test(hashes) ? hashes : undefined
}
