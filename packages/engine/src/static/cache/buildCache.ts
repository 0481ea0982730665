import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, type Stats } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { readTextFile } from '../../readTextFile.ts'
import { writeFileAtomicSync } from '../../writeFileAtomic.ts'
import { hashedName } from '../hash/hashedName.ts'
import type { LinkedReference } from '../references/parseStaticFile.ts'
import type { Reference } from '../types.ts'
import type { ResolvedStaticDir } from '../walk/walkStaticDirs.ts'

/** Where the build cache lives, relative to the output dir (a dot folder: walks and servers skip it). */
export const CACHE_PATH = '.assetmap/cache.json'

/**
 * Bumped whenever the engine's output for the same input may change (parsing, naming, source
 * maps) or the file's layout changes: a cache from another engine is then ignored.
 */
const CACHE_FORMAT = 2

/** What identifies a source file's content without reading it. */
export interface FileStamp {
  size: number
  mtimeMs: number
  ino: number
}

/** What parsing a CSS or JS file (or a source map) found, kept so that an unchanged file is not read again. */
export interface CachedText {
  scanned: boolean
  refs: LinkedReference[]
  warnings: string[]
  broken: string[]
}

/** A source file as the last build left it. */
export interface CachedFile {
  /** Absolute path it was read from. */
  path: string
  stamp: FileStamp
  /** Hashed output path, its size and digest. */
  output: string
  outputSize: number
  hash: string
  integrity: string
  text?: CachedText
}

/**
 * The file's layout: one array per field, a file's fields at its index, references by index.
 * Column arrays of numbers and short strings parse several times faster than one object per
 * file, and the file is a quarter of the size (a rebuild with nothing changed reads it whole).
 */
interface CacheColumns {
  key: string
  names: string[]
  /** Index of the static dir each file comes from (its path is that dir + the name less the dir's prefix). */
  dirs: number[]
  /** size, mtimeMs, ino of each file, one after the other. */
  stamps: number[]
  outputSizes: number[]
  hashes: string[]
  /** SRI integrity less its `sha384-` prefix. */
  digests: string[]
  /** For a text file: [scanned (0/1), then target index, kind, byte offset per reference]; for others, 0. */
  refs: Array<readonly number[] | 0>
  /** File index → [warnings, broken references] its parsing reported, for files that had any. */
  notes: Record<string, [string[], string[]]>
}

const KINDS: readonly Reference['kind'][] = ['url', 'import', 'module', 'sourcemap']
const INTEGRITY_PREFIX = 'sha384-'

export function stampOf(stats: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino
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

/** Path of a file named `name` in `dir`, as the walk gives it (`join` of the two, which a concatenation is when the separator is `/`). */
function pathIn({ dir, prefix }: ResolvedStaticDir, name: string): string {
  const relative = prefix === '' ? name : name.slice(prefix.length + 1)
  return sep === '/' && !dir.endsWith('/') ? `${dir}/${relative}` : join(dir, relative)
}

/**
 * The files of the last build into `outDir`, when its cache was written with `key`; otherwise
 * `undefined`, with a note saying why (no note when there is no cache: a first build).
 */
export function readBuildCache(outDir: string, key: string, dirs: readonly ResolvedStaticDir[], note: (message: string) => void): Map<string, CachedFile> | undefined {
  const path = join(outDir, CACHE_PATH)
  let text: string
  try {
    text = readTextFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') note(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code}); building every file.`)
    return undefined
  }
  let cache: CacheColumns
  try {
    cache = JSON.parse(text) as CacheColumns
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
  const files = fromColumns(cache, dirs)
  if (files === undefined) note(`${path}: malformed; ignored, building every file.`)
  return files
}

const isString = (value: unknown): value is string => typeof value === 'string'
const isNumber = (value: unknown): value is number => typeof value === 'number'

function fromColumns(cache: CacheColumns, dirs: readonly ResolvedStaticDir[]): Map<string, CachedFile> | undefined {
  const { names, stamps, outputSizes, hashes, digests, refs, notes } = cache
  const count = Array.isArray(names) ? names.length : -1
  const columns = [cache.dirs, outputSizes, hashes, digests, refs]
  if (count < 0 || !columns.every((column) => Array.isArray(column) && column.length === count) || !Array.isArray(stamps) || stamps.length !== count * 3) return undefined
  if (!names.every(isString) || !hashes.every(isString) || !digests.every(isString) || !outputSizes.every(isNumber) || !stamps.every(isNumber)) return undefined
  if (typeof notes !== 'object' || notes === null) return undefined
  const files = new Map<string, CachedFile>()
  for (let index = 0; index < count; index++) {
    const name = names[index]!
    const dir = dirs[cache.dirs[index]!]
    if (dir === undefined) return undefined
    const hash = hashes[index]!
    const file: CachedFile = {
      path: pathIn(dir, name),
      stamp: { size: stamps[index * 3]!, mtimeMs: stamps[index * 3 + 1]!, ino: stamps[index * 3 + 2]! },
      output: hashedName(name, hash),
      outputSize: outputSizes[index]!,
      hash,
      integrity: INTEGRITY_PREFIX + digests[index]!,
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
 * A text file's parsing as the cache holds it: its references are made into objects only when a
 * build needs them (a file in a cascade, or one that refers to it), not for every file it spares.
 */
class StoredText implements CachedText {
  #refs: LinkedReference[] | undefined
  readonly scanned: boolean
  constructor(
    readonly list: readonly number[],
    readonly names: readonly string[],
    readonly warnings: string[],
    readonly broken: string[],
  ) {
    this.scanned = list[0] === 1
  }

  forEach(visit: (target: string, kind: Reference['kind']) => void): void {
    if (this.#refs !== undefined) for (const { target, kind } of this.#refs) visit(target, kind)
    else for (let at = 1; at < this.list.length; at += 3) visit(this.names[this.list[at]!]!, KINDS[this.list[at + 1]!]!)
  }

  get refs(): LinkedReference[] {
    if (this.#refs === undefined) {
      const refs: LinkedReference[] = []
      for (let at = 1; at < this.list.length; at += 3) refs.push({ target: this.names[this.list[at]!]!, kind: KINDS[this.list[at + 1]!]!, at: this.list[at + 2]! })
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
  else for (const { target, kind } of text.refs) visit(target, kind)
}

function textOf(list: unknown, names: readonly string[], note: [string[], string[]] | undefined): CachedText | undefined {
  if (!Array.isArray(list) || list.length % 3 !== 1) return undefined
  for (let at = 1; at < list.length; at += 3) {
    if (!(list[at] >= 0 && list[at] < names.length && list[at + 1] >= 0 && list[at + 1] < KINDS.length && Number.isInteger(list[at + 2]))) return undefined
  }
  const [warnings, broken] = note ?? [[], []]
  if (!Array.isArray(warnings) || !Array.isArray(broken) || !warnings.every(isString) || !broken.every(isString)) return undefined
  return new StoredText(list as number[], names, warnings, broken)
}

/**
 * The file's columns for `files`, in the order of `names`, whose paths are all under one of
 * `dirs`. References the last cache file held are written as they were read when the names are
 * the same, in the same order (a rebuild that added or removed nothing).
 */
function toColumns(key: string, names: readonly string[], files: ReadonlyMap<string, CachedFile>, dirs: readonly ResolvedStaticDir[]): CacheColumns {
  const index = new Map<string, number>()
  for (const name of names) index.set(name, index.size)
  const cache: CacheColumns = { key, names: [...names], dirs: [], stamps: [], outputSizes: [], hashes: [], digests: [], refs: [], notes: {} }
  const sameNames = new Map<readonly string[], boolean>()
  const unchanged = (read: readonly string[]): boolean => {
    let same = sameNames.get(read)
    if (same === undefined) sameNames.set(read, (same = read.length === names.length && read.every((name, at) => name === names[at])))
    return same
  }
  for (const name of names) {
    const file = files.get(name)!
    cache.dirs.push(dirs.length === 1 ? 0 : dirs.findIndex((dir) => pathIn(dir, name) === file.path))
    cache.stamps.push(file.stamp.size, file.stamp.mtimeMs, file.stamp.ino)
    cache.outputSizes.push(file.outputSize)
    cache.hashes.push(file.hash)
    cache.digests.push(file.integrity.slice(INTEGRITY_PREFIX.length))
    const { text } = file
    if (text === undefined) {
      cache.refs.push(0)
      continue
    }
    if (text instanceof StoredText && unchanged(text.names)) cache.refs.push(text.list)
    else {
      const list = [text.scanned ? 1 : 0]
      for (const ref of text.refs) list.push(index.get(ref.target)!, KINDS.indexOf(ref.kind), ref.at)
      cache.refs.push(list)
    }
    if (text.warnings.length > 0 || text.broken.length > 0) cache.notes[index.get(name)!] = [text.warnings, text.broken]
  }
  return cache
}

/** Writes the cache atomically, after every output it names is on disk. */
export function writeBuildCache(outDir: string, key: string, names: readonly string[], files: ReadonlyMap<string, CachedFile>, dirs: readonly ResolvedStaticDir[]): void {
  const path = join(outDir, CACHE_PATH)
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomicSync(path, JSON.stringify(toColumns(key, names, files, dirs)))
}

/**
 * Removes the cache, before a build writes its first file: a build stopped halfway may leave a
 * hashed file cut short, and only a cache written after every output was complete may vouch for
 * what is in the folder.
 */
export function removeBuildCache(outDir: string): void {
  rmSync(join(outDir, CACHE_PATH), { force: true })
}

/** A folder's names as listed, and its modification time just before: a watch lists again only folders changed since. */
export type FolderListings = Map<string, { mtimeMs: number; names: Set<string> }>

/**
 * Whether files are in the output dir, by one listing per folder. Enough for files that the
 * cache names: each was complete when the cache was written, and builds create files whole
 * (originals) or under a new name (hashed files), never changing one in place. With `listings`
 * kept from the last build, a folder whose modification time is unchanged is not listed again
 * (adding or removing a name changes it).
 */
export function createPresence(outDir: string, listings: FolderListings = new Map()): (path: string) => boolean {
  const folders = new Map<string, Set<string>>()
  return (path) => {
    // Names are POSIX paths: the folder is what comes before the last slash.
    const slash = path.lastIndexOf('/')
    const folder = slash < 0 ? '' : path.slice(0, slash)
    let names = folders.get(folder)
    if (names === undefined) {
      const at = join(outDir, folder)
      const mtimeMs = statSync(at, { throwIfNoEntry: false })?.mtimeMs
      const known = listings.get(folder)
      if (known !== undefined && mtimeMs !== undefined && known.mtimeMs === mtimeMs) names = known.names
      else {
        names = new Set(listing(at))
        if (mtimeMs === undefined) listings.delete(folder)
        else listings.set(folder, { mtimeMs, names })
      }
      folders.set(folder, names)
    }
    return names.has(path.slice(slash + 1))
  }
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch {
    // A folder removed from the output: its files are written again.
    return []
  }
}
