import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { IMPORT_MAP_RULES, importMapOn } from '../../importMap/importMapMode.ts'
import { decodeText } from '../../readTextFile.ts'
import { readStateFile } from '../../stateFile.ts'
import { HASH_LENGTH, hashedName } from '../hash/hashedName.ts'
import { addReference, countReferences, kindAt, KINDS, targetAt, type LinkedReferences } from '../references/linkedReferences.ts'
import type { BuildStaticOptions } from '../buildStatic.ts'
import type { Reference, StaticFile } from '../types.ts'
import { NO_NOTES } from '../report.ts'
import type { StampColumn } from '../walk/stampColumn.ts'
import { pathIn, type ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import { folderOf, type Presence } from '../output/outputPresence.ts'
import { validHeader, type CacheHeader } from './cacheHeader.ts'

/** Where the build cache lives, relative to the output dir (a dot folder: walks and servers skip it). */
export const CACHE_PATH = '.assetmap/cache.json'

/**
 * Bumped whenever the engine's output for the same input may change (parsing, naming, source
 * maps) or the file's layout changes: a cache from another engine is then ignored.
 */
const CACHE_FORMAT = 6

/**
 * What identifies a source file's content without reading it. The change time is in it as git's
 * index has it: an edit that keeps the size and puts the modification time back (`touch -r`, a
 * restore that keeps times) still changes it.
 */
export interface FileStamp {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
}

/** Numbers per file in the cache's `stamps` column. */
const STAMP_FIELDS = 4

/** What parsing a CSS or JS file (or a source map) found, kept so that an unchanged file is not read again (a `ParsedFile` is one). */
export interface CachedText {
  scanned: boolean
  refs: LinkedReferences
  warnings: readonly string[]
  broken: readonly string[]
}

/** Whether parsing the file reported something (a warning, a broken reference), which each build says again. */
export function saidSomething(text: CachedText | undefined): boolean {
  return text !== undefined && (text.warnings.length > 0 || text.broken.length > 0)
}

/** A source file as the last build left it. */
export interface CachedFile {
  /**
   * Its row in the cache file it was read from (`CacheRecords`), where its path and stamp are.
   * A record a build of this process made has none: they are that build's file's and its
   * `StampColumn`'s (at the file's index), which a watch keeps with it.
   */
  row?: number
  /** Hashed output path (its hash: `hashIn`), its size and integrity. */
  output: string
  outputSize: number
  integrity: string
  text?: CachedText
}

/**
 * The file's layout: one array per field, a file's fields at its index, references by index.
 * Column arrays of numbers and short strings parse several times faster than one object per
 * file, and the file is a quarter of the size (a rebuild with nothing changed reads it whole).
 * Fixed-width fields are one string per column, and references one string per file: a tenth of
 * the objects to parse again.
 */
export interface CacheColumns extends CacheHeader {
  names: string[]
  /** Index of the static dir each file comes from (its path is that dir + the name less the dir's prefix). */
  dirs: number[]
  /** size, mtimeMs, ctimeMs, ino of each file, one after the other. */
  stamps: number[]
  outputSizes: number[]
  /** Each file's name hash, `HASH_LENGTH` characters each, one after the other. */
  hashes: string
  /** Each file's SRI integrity less its `sha384-` prefix (`DIGEST_LENGTH` characters), one after the other. */
  digests: string
  /**
   * For a text file: scanned (0/1), then target index, kind and byte offset per reference, as
   * numbers joined by commas; for others, 0. One string per file, not an array: a rebuild with
   * nothing changed reads them without looking inside.
   */
  refs: Array<string | 0>
  /** File index → [warnings, broken references] its parsing reported, for files that had any. */
  notes: Record<string, [string[], string[]]>
  /** Not in the file: when it was written (its modification time), set when it is read. */
  writtenAt?: number
}

/** A text file's references as the cache writes them: scanned (0/1), then target, kind and offset per reference (targets are checked against the names when read). */
const REFERENCE_LIST = new RegExp(`^[01](?:,\\d+,[0-${KINDS.length - 1}],\\d+)*$`)
export const INTEGRITY_PREFIX = 'sha384-'
/** Characters of a SHA-384 digest in base64. */
const DIGEST_LENGTH = 64

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino
}

let engineVersion: string | undefined

/**
 * What a cache must have been written with to be trusted: this engine (format and package
 * version) and every option that changes the output.
 */
export function cacheKey(settings: Record<string, unknown>): string {
  engineVersion ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  return JSON.stringify({ format: CACHE_FORMAT, engine: engineVersion, ...settings })
}

/** The key of a static build's cache: `cacheKey` of the options that change its output, defaults applied. */
export function buildCacheKey(dirs: readonly ResolvedStaticDir[], options: Pick<BuildStaticOptions, 'basePath' | 'keepOriginals' | 'firstWins' | 'strict' | 'importMap'>): string {
  const key = { dirs, basePath: options.basePath ?? '/static/', keepOriginals: options.keepOriginals !== false, firstWins: options.firstWins === true, strict: options.strict === true }
  // Only when on, so that the default mode's key (and its caches) stay as they were.
  return cacheKey(importMapOn(options.importMap) ? { ...key, importMap: IMPORT_MAP_RULES } : key)
}

/**
 * The cache file of the last build into `outDir`, when it was written with `key` and its columns
 * are whole; otherwise `undefined`, with a note saying why (no note when there is no cache: a
 * first build). Per-file records are made from it by `cachedFiles`, only when a build needs them.
 */
function readCacheColumns(outDir: string, key: string, note: (message: string) => void): CacheColumns | undefined {
  const bytes = readCacheBytes(outDir, note)
  return bytes && parseCacheColumns(outDir, bytes, key, note)
}

/**
 * What the cache's text ends with: the SHA-256 (base64) of every byte before it, then `"}`. A
 * field of the JSON object, so the file stays `JSON.stringify` of its columns.
 */
export const CHECK_FIELD = ',"check":"'
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

const isString = (value: unknown): value is string => typeof value === 'string'
const isNumber = (value: unknown): value is number => typeof value === 'number'

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

export function hashAt({ hashes }: Pick<CacheColumns, 'hashes'>, index: number): string {
  return hashes.slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH)
}

function integrityAt({ digests }: CacheColumns, index: number): string {
  return INTEGRITY_PREFIX + digests.slice(index * DIGEST_LENGTH, (index + 1) * DIGEST_LENGTH)
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

/**
 * Whether `files`, with their `stamps`, are the cache's files as they were, each read from the
 * same path: the same names (the cache's are sorted; the walk gives each dir's in order), the
 * same stamps. Compared column by column, without a record per file.
 */
export function sameSources(cache: CacheColumns, dirs: readonly ResolvedStaticDir[], files: readonly StaticFile[], stamps: StampColumn): boolean {
  const { names } = cache
  if (files.length !== names.length) return false
  const index = cacheIndex(cache, files)
  for (const [at, file] of files.entries()) {
    const row = index === undefined ? at : index.get(file.name)
    const dir = row === undefined ? undefined : dirs[cache.dirs[row]!]
    if (row === undefined || dir === undefined || pathIn(dir, file.name) !== file.path) return false
    if (!stamps.same(at, cache.stamps, row)) return false
  }
  return true
}

/** Name → row, or `undefined` when the files are in the cache's own order (a single dir's walk). */
function cacheIndex({ names }: CacheColumns, files: readonly StaticFile[]): Map<string, number> | undefined {
  if (files.every((file, at) => file.name === names[at])) return undefined
  return new Map(names.map((name, row) => [name, row]))
}

/**
 * What parsing reported of the files, said again in the order a build reads them (`files`):
 * each file's warnings, then its broken references. `undefined` when a note is malformed.
 */
export function cachedNotes(cache: CacheColumns, files: readonly StaticFile[]): ParseNotes[] | undefined {
  const index = cacheIndex(cache, files)
  const said: ParseNotes[] = []
  if (Object.keys(cache.notes).length === 0) return said
  for (const [at, file] of files.entries()) {
    const note = cache.notes[index === undefined ? at : index.get(file.name)!]
    if (note === undefined) continue
    const notes = notesOf(note)
    if (notes === undefined) return undefined
    said.push(notes)
  }
  return said
}

/** What parsing a file reported: warnings, and broken references (which fail a strict build). */
export interface ParseNotes {
  warnings: string[]
  broken: string[]
}

/** A file's notes as the cache holds them (`[warnings, broken]`), checked. */
function notesOf(note: unknown): ParseNotes | undefined {
  if (!Array.isArray(note)) return undefined
  const [warnings, broken] = note as unknown[]
  if (!Array.isArray(warnings) || !Array.isArray(broken) || !warnings.every(isString) || !broken.every(isString)) return undefined
  return { warnings, broken }
}

/** Each file's hashed output (name order), and each output's size and integrity, as the manifest lists them. */
export function cachedOutputs(cache: CacheColumns): { assets: Map<string, string>; files: Map<string, { size: number; integrity: string }> } {
  const { names, outputSizes } = cache
  const assets = new Map<string, string>()
  const files = new Map<string, { size: number; integrity: string }>()
  for (let index = 0; index < names.length; index++) {
    const output = hashedName(names[index]!, hashAt(cache, index))
    assets.set(names[index]!, output)
    files.set(output, { size: outputSizes[index]!, integrity: integrityAt(cache, index) })
  }
  return { assets, files }
}

/**
 * A text file's parsing as the cache holds it: its references are made into a `LinkedReferences`
 * list only when a build needs them (a file in a cascade, or one that refers to it), not for every
 * file it spares.
 */
export class StoredText implements CachedText {
  #refs: LinkedReferences | undefined
  readonly scanned: boolean
  constructor(
    /** The cache's string, written back as read while the names are the same. */
    readonly source: string,
    readonly list: readonly number[],
    readonly names: readonly string[],
    readonly warnings: readonly string[],
    readonly broken: readonly string[],
  ) {
    this.scanned = list[0] === 1
  }

  forEach(visit: (target: string, kind: Reference['kind']) => void): void {
    if (this.#refs !== undefined) visitReferences(this.#refs, visit)
    else for (let at = 1; at < this.list.length; at += 3) visit(this.names[this.list[at]!]!, KINDS[this.list[at + 1]!]!)
  }

  get refs(): LinkedReferences {
    if (this.#refs === undefined) {
      const refs: LinkedReferences = []
      for (let at = 1; at < this.list.length; at += 3) addReference(refs, this.names[this.list[at]!]!, this.list[at + 1]!, this.list[at + 2]!)
      this.#refs = refs
    }
    return this.#refs
  }
}

/**
 * Calls `visit` with the target and kind of each of a text file's references, without making
 * objects of the references the cache holds (a rebuild looks at every file's, to find what
 * refers to a changed file).
 */
export function forEachReference(text: CachedText, visit: (target: string, kind: Reference['kind']) => void): void {
  if (text instanceof StoredText) text.forEach(visit)
  else visitReferences(text.refs, visit)
}

function visitReferences(refs: LinkedReferences, visit: (target: string, kind: Reference['kind']) => void): void {
  for (let index = 0; index < countReferences(refs); index++) visit(targetAt(refs, index), KINDS[kindAt(refs, index)]!)
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

/**
 * Removes the cache, before a build writes its first file: a build stopped halfway may leave a
 * hashed file cut short, and only a cache written after every output was complete may vouch for
 * what is in the folder.
 */
export function removeBuildCache(outDir: string): void {
  // Recursive: a folder put there by hand goes too, as the file would.
  rmSync(join(outDir, CACHE_PATH), { force: true, recursive: true })
}

/**
 * Whether every file of `names` (the cache's, in its order; `hashAt(index)` is its hash) is in the
 * output dir: its hashed file, and its original when `keepOriginals`. A hash is asked for only
 * when `present` does not vouch for the file's folder.
 */
export function outputsPresent(names: readonly string[], hashAt: (index: number) => string, present: Presence, keepOriginals: boolean): boolean {
  let folder: string | undefined
  let end = -1
  let vouched = false
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!
    // A hashed file is in its name's folder, and a folder's names mostly come in one run (they are sorted).
    const slash = name.lastIndexOf('/')
    if (folder === undefined || slash !== end || !name.startsWith(folder)) vouched = present.vouched((folder = folderOf(name)))
    end = slash
    if (vouched) continue
    if (!present(hashedName(name, hashAt(index))) || (keepOriginals && !present(name))) return false
  }
  return true
}
