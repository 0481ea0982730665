import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { decodeText } from '../io/readTextFile.ts'
import { readStateFile } from './stateFile.ts'
import { HASH_LENGTH, hashedName } from '../table/hashedName.ts'
import { KINDS } from '../table/linkedReferences.ts'
import type { StaticFile } from '../table/types.ts'
import { NO_NOTES } from '../table/report.ts'
import type { StampColumn } from '../table/stampColumn.ts'
import { pathIn, type ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import { validHeader } from './cacheHeader.ts'
import { CACHE_PATH, CHECK_FIELD, DIGEST_LENGTH, hashAt, integrityAt, isNumber, isString, notesOf, REFERENCE_LIST, STAMP_FIELDS, StoredText, type CacheColumns, type CachedFile, type CachedText } from './cacheFormat.ts'

/**
 * The cache file of the last build into `outDir`, when it was written with `key` and its columns
 * are whole; otherwise `undefined`, with a note saying why (no note when there is no cache: a
 * first build). Per-file records are made from it by `cachedFiles`, only when a build needs them.
 */
function readCacheColumns(outDir: string, key: string, note: (message: string) => void): CacheColumns | undefined {
  const bytes = readCacheBytes(outDir, note)
  return bytes && parseCacheColumns(outDir, bytes, key, note)
}

const CHECK_LENGTH = CHECK_FIELD.length + 44 + 2

/** Cache texts whose checksum held. One without a checksum is passed on, for the note on its key to say which engine wrote it. */
const checked = new WeakSet<Buffer>()

/** When each cache text read was written: an output changed after it is not as the cache says. */
const writtenAt = new WeakMap<Buffer, number>()

/** When the cache text `bytes` (from `readCacheBytes`) was written (the file's modification time). */
function cacheWrittenAt(bytes: Buffer): number {
  return writtenAt.get(bytes) ?? -Infinity
}

/** Whether `bytes` (from `readCacheBytes`) are a cache text whose checksum held. */
export function isChecked(bytes: Buffer): boolean {
  return checked.has(bytes)
}

/**
 * The cache file's bytes, when they are the ones a build wrote (their checksum holds);
 * `undefined` otherwise, with a note (none when there is no cache: a first build).
 */
export function readCacheBytes(outDir: string, note: (message: string) => void): Buffer | undefined {
  const path = join(outDir, CACHE_PATH)
  const file = readStateFile(path)
  if (typeof file === 'string') {
    if (file !== 'missing') note(`${path}: cannot be read (${file}); building every file.`)
    return undefined
  }
  const { bytes } = file
  writtenAt.set(bytes, file.writtenAt)
  const body = bytes.length - CHECK_LENGTH
  if (body < 0 || bytes.toString('latin1', body, body + CHECK_FIELD.length) !== CHECK_FIELD) return bytes
  if (createHash('sha256').update(bytes.subarray(0, body)).digest('base64') !== bytes.toString('latin1', body + CHECK_FIELD.length, bytes.length - 2)) {
    note(changedSince(path))
    return undefined
  }
  checked.add(bytes)
  return bytes
}

/** `readCacheColumns` of the bytes read from `outDir`'s cache file. */
export function parseCacheColumns(outDir: string, bytes: Buffer, key: string, note: (message: string) => void): CacheColumns | undefined {
  const path = join(outDir, CACHE_PATH)
  let cache: CacheColumns
  try {
    cache = JSON.parse(decodeText(bytes)) as CacheColumns
  } catch {
    note(`${path}: not valid JSON; ignored, building every file.`)
    return undefined
  }
  if (typeof cache !== 'object' || cache === null || typeof cache.key !== 'string') {
    note(`${path}: not a build cache; ignored, building every file.`)
    return undefined
  }
  if (cache.key !== key) {
    note(`${path}: written by another engine version or with other options or dirs; ignored, building every file.`)
    return undefined
  }
  if (!checked.has(bytes)) {
    note(changedSince(path))
    return undefined
  }
  if (!wellFormed(cache)) {
    note(malformed(path))
    return undefined
  }
  cache.writtenAt = cacheWrittenAt(bytes)
  return cache
}

/** The files of the last build into `outDir` (`readCacheColumns`, then `filesOf`). */
export function readBuildCache(outDir: string, key: string, dirs: readonly ResolvedStaticDir[], note: (message: string) => void): CacheRecords | undefined {
  return filesOf(outDir, readCacheColumns(outDir, key, note), dirs, note)
}

/** `cachedFiles` of the columns read from `outDir`'s cache, with a note when a file's dir or references are out of range. */
export function filesOf(outDir: string, columns: CacheColumns | undefined, dirs: readonly ResolvedStaticDir[], note: (message: string) => void): CacheRecords | undefined {
  const files = columns && cachedFiles(columns, dirs)
  if (columns !== undefined && files === undefined) note(malformed(join(outDir, CACHE_PATH)))
  return files
}

const changedSince = (path: string): string => `${path}: its checksum does not match its content (changed since a build wrote it?); ignored, building every file.`

const malformed = (path: string): string => `${path}: malformed; ignored, building every file.`

/** Whether every column is there, of the right length and type (references are checked when a file's are read). */
function wellFormed(cache: CacheColumns): boolean {
  const { names, stamps, outputSizes, hashes, digests, refs, notes } = cache
  const count = Array.isArray(names) && validHeader(cache) && cache.count === names.length ? names.length : -1
  const columns = [cache.dirs, outputSizes, refs]
  if (count < 0 || !columns.every((column) => Array.isArray(column) && column.length === count) || !Array.isArray(stamps) || stamps.length !== count * STAMP_FIELDS) return false
  if (typeof hashes !== 'string' || hashes.length !== count * HASH_LENGTH || typeof digests !== 'string' || digests.length !== count * DIGEST_LENGTH) return false
  if (!names.every(isString) || !outputSizes.every(isNumber) || !stamps.every(isNumber) || !cache.dirs.every(isNumber)) return false
  return typeof notes === 'object' && notes !== null && refs.every((list) => list === 0 || (typeof list === 'string' && REFERENCE_LIST.test(list)))
}

/**
 * The records of a cache file, keyed by name. Each keeps its row, not its path and stamp: those
 * stay in the columns, compared there (`sameSource`), where a path string and a stamp object per
 * record were 2 MB more for the collector to copy in a rebuild of the 10k tree.
 */
export class CacheRecords extends Map<string, CachedFile> {
  // The three columns `sameSource` reads, not all of them: hashes and digests are in the records.
  readonly #columns: Pick<CacheColumns, 'names' | 'dirs' | 'stamps'>
  readonly #dirs: readonly ResolvedStaticDir[]
  /** When the cache file was written: an output whose change time is later was changed by hand since. */
  readonly writtenAt: number

  constructor({ names, dirs, stamps, writtenAt }: CacheColumns, resolved: readonly ResolvedStaticDir[]) {
    super()
    this.#columns = { names, dirs, stamps }
    this.#dirs = resolved
    this.writtenAt = writtenAt ?? -Infinity
  }

  /** Whether `file` (whose stamp is at its index in `stamps`) is the one `entry`, a record of this map, was read from: the same path, the same stamp. */
  sameSource(file: StaticFile, { row }: CachedFile, stamps: StampColumn): boolean {
    if (row === undefined) return false
    const columns = this.#columns
    return pathIn(this.#dirs[columns.dirs[row]!]!, columns.names[row]!) === file.path && stamps.same(file.index, columns.stamps, row)
  }
}

/** Each file's record; `undefined` when a file's dir or references are out of range. */
export function cachedFiles(cache: CacheColumns, dirs: readonly ResolvedStaticDir[]): CacheRecords | undefined {
  const { names, outputSizes, refs, notes } = cache
  const files = new CacheRecords(cache, dirs)
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!
    if (dirs[cache.dirs[index]!] === undefined) return undefined
    const file: CachedFile = {
      row: index,
      output: hashedName(name, hashAt(cache, index)),
      outputSize: outputSizes[index]!,
      integrity: integrityAt(cache, index),
    }
    const list = refs[index]
    if (list !== 0) {
      const text = textOf(list, names, notes[index])
      if (text === undefined) return undefined
      file.text = text
    }
    files.set(name, file)
  }
  return files
}

/** The notes of a file whose parsing said nothing (most files). */
const NOTHING_SAID = { warnings: NO_NOTES, broken: NO_NOTES }

function textOf(source: unknown, names: readonly string[], note: [string[], string[]] | undefined): CachedText | undefined {
  if (typeof source !== 'string') return undefined
  const list = numbersOf(source)
  if (list === undefined || list.length % 3 !== 1 || (list[0] !== 0 && list[0] !== 1)) return undefined
  for (let at = 1; at < list.length; at += 3) {
    const [target, kind, offset] = [list[at]!, list[at + 1]!, list[at + 2]!]
    if (!(target >= 0 && target < names.length && kind >= 0 && kind < KINDS.length && offset >= 0)) return undefined
  }
  const notes = note === undefined ? NOTHING_SAID : notesOf(note)
  return notes && new StoredText(source, list, names, notes.warnings, notes.broken)
}

/**
 * The comma-separated numbers of a references string; `undefined` unless each is digits. Read a
 * character at a time: a rebuild reads some 140,000 of them once, where splitting the string and
 * testing each field took 47 ms and this takes 4 (10,000-file tree).
 */
function numbersOf(source: string): number[] | undefined {
  const numbers: number[] = []
  let value = 0
  let digits = 0
  for (let at = 0; at < source.length; at++) {
    const code = source.charCodeAt(at)
    if (code === COMMA) {
      if (digits === 0) return undefined
      numbers.push(value)
      value = digits = 0
    } else if (code >= ZERO && code <= ZERO + 9) {
      value = value * 10 + code - ZERO
      digits++
    } else return undefined
  }
  if (digits === 0) return undefined
  numbers.push(value)
  return numbers
}

const COMMA = 0x2c

const ZERO = 0x30
