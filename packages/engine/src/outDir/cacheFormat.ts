import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { HASH_LENGTH } from '../table/hashedName.ts'
import { IMPORT_MAP_RULES, importMapOn, type ImportMapOption } from '../table/importMapMode.ts'
import { addReference, countReferences, kindAt, KINDS, targetAt, type LinkedReferences } from '../table/linkedReferences.ts'
import type { Reference } from '../table/types.ts'
import type { ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import type { CacheHeader } from './cacheHeader.ts'

// The build cache's format: what it holds per file, its key, and its fixed-width columns.

/** Where the build cache lives, relative to the output dir (a dot folder: walks and servers skip it). */
export const CACHE_PATH = '.assetmap/cache.json'

/**
 * Bumped whenever the engine's output for the same input may change (parsing, naming, source
 * maps) or the file's layout changes: a cache from another engine is then ignored.
 */
const CACHE_FORMAT = 6

/** Numbers per file in the cache's `stamps` column. */
export const STAMP_FIELDS = 4

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
export const REFERENCE_LIST: RegExp = new RegExp(`^[01](?:,\\d+,[0-${KINDS.length - 1}],\\d+)*$`)

export const INTEGRITY_PREFIX = 'sha384-'

/** Characters of a SHA-384 digest in base64. */
export const DIGEST_LENGTH = 64

let engineVersion: string | undefined

/**
 * What a cache must have been written with to be trusted: this engine (format and package
 * version) and every option that changes the output.
 */
export function cacheKey(settings: Record<string, unknown>): string {
  engineVersion ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  return JSON.stringify({ format: CACHE_FORMAT, engine: engineVersion, ...settings })
}

/** The key of a static build's cache: `cacheKey` of the options that change its output, defaults applied. */
export function buildCacheKey(dirs: readonly ResolvedStaticDir[], options: { basePath?: string | undefined; keepOriginals?: boolean | undefined; firstWins?: boolean | undefined; strict?: boolean | undefined; importMap?: boolean | ImportMapOption | undefined }): string {
  const key = { dirs, basePath: options.basePath ?? '/static/', keepOriginals: options.keepOriginals !== false, firstWins: options.firstWins === true, strict: options.strict === true }
  // Only when on, so that the default mode's key (and its caches) stay as they were.
  return cacheKey(importMapOn(options.importMap) ? { ...key, importMap: IMPORT_MAP_RULES } : key)
}

/**
 * What the cache's text ends with: the SHA-256 (base64) of every byte before it, then `"}`. A
 * field of the JSON object, so the file stays `JSON.stringify` of its columns.
 */
export const CHECK_FIELD = ',"check":"'

export const isString = (value: unknown): value is string => typeof value === 'string'

export const isNumber = (value: unknown): value is number => typeof value === 'number'

export function hashAt({ hashes }: Pick<CacheColumns, 'hashes'>, index: number): string {
  return hashes.slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH)
}

export function integrityAt({ digests }: CacheColumns, index: number): string {
  return INTEGRITY_PREFIX + digests.slice(index * DIGEST_LENGTH, (index + 1) * DIGEST_LENGTH)
}

/** What parsing a file reported: warnings, and broken references (which fail a strict build). */
export interface ParseNotes {
  warnings: string[]
  broken: string[]
}

/** A file's notes as the cache holds them (`[warnings, broken]`), checked. */
export function notesOf(note: unknown): ParseNotes | undefined {
  if (!Array.isArray(note)) return undefined
  const [warnings, broken] = note as unknown[]
  if (!Array.isArray(warnings) || !Array.isArray(broken) || !warnings.every(isString) || !broken.every(isString)) return undefined
  return { warnings, broken }
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

/**
 * Removes the cache, before a build writes its first file: a build stopped halfway may leave a
 * hashed file cut short, and only a cache written after every output was complete may vouch for
 * what is in the folder.
 */
export function removeBuildCache(outDir: string): void {
  // Recursive: a folder put there by hand goes too, as the file would.
  rmSync(join(outDir, CACHE_PATH), { force: true, recursive: true })
}
