import { mkdirSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomicSync } from '../../writeFileAtomic.ts'
import type { LinkedReference } from '../references/parseStaticFile.ts'

/** Where the build cache lives, relative to the output dir (a dot folder: walks and servers skip it). */
export const CACHE_PATH = '.assetmap/cache.json'

/**
 * Bumped whenever the engine's output for the same input may change (parsing, naming, source
 * maps): a cache from another engine is then ignored.
 */
const CACHE_FORMAT = 1

/** What identifies a source file's content without reading it. */
export interface FileStamp {
  size: number
  mtimeMs: number
  ino: number
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
  /** For CSS, JS and source maps: what parsing found, so that an unchanged file is not read again. */
  text?: {
    scanned: boolean
    refs: LinkedReference[]
    warnings: string[]
    broken: string[]
  }
}

/** The cache file's content. */
interface CacheFile {
  key: string
  files: Record<string, CachedFile>
}

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

/**
 * The files of the last build into `outDir`, when its cache was written with `key`; otherwise
 * `undefined`, with a note saying why (no note when there is no cache: a first build).
 */
export function readBuildCache(outDir: string, key: string, note: (message: string) => void): Map<string, CachedFile> | undefined {
  const path = join(outDir, CACHE_PATH)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') note(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code}); building every file.`)
    return undefined
  }
  let cache: CacheFile
  try {
    cache = JSON.parse(text) as CacheFile
  } catch {
    note(`${path}: not valid JSON; ignored, building every file.`)
    return undefined
  }
  if (typeof cache !== 'object' || cache === null || typeof cache.files !== 'object' || cache.files === null) {
    note(`${path}: not a build cache; ignored, building every file.`)
    return undefined
  }
  if (cache.key !== key) {
    note(`${path}: written by another engine version or with other options or dirs; ignored, building every file.`)
    return undefined
  }
  const files = new Map<string, CachedFile>()
  for (const [name, file] of Object.entries(cache.files)) {
    if (!validEntry(file)) {
      note(`${path}: the entry of ${JSON.stringify(name)} is malformed; ignored, building every file.`)
      return undefined
    }
    files.set(name, file)
  }
  return files
}

function validEntry(file: CachedFile): boolean {
  const { stamp, text } = file ?? {}
  return (
    typeof file?.path === 'string' &&
    typeof file.output === 'string' &&
    typeof file.outputSize === 'number' &&
    typeof file.hash === 'string' &&
    typeof file.integrity === 'string' &&
    typeof stamp?.size === 'number' &&
    typeof stamp.mtimeMs === 'number' &&
    typeof stamp.ino === 'number' &&
    (text === undefined ||
      (typeof text.scanned === 'boolean' &&
        Array.isArray(text.warnings) &&
        Array.isArray(text.broken) &&
        Array.isArray(text.refs) &&
        text.refs.every((ref) => typeof ref?.target === 'string' && typeof ref.kind === 'string' && Number.isInteger(ref.at))))
  )
}

/** Writes the cache atomically, after every output it names is on disk. */
export function writeBuildCache(outDir: string, key: string, files: ReadonlyMap<string, CachedFile>): void {
  const path = join(outDir, CACHE_PATH)
  mkdirSync(dirname(path), { recursive: true })
  const content: CacheFile = { key, files: Object.fromEntries(files) }
  writeFileAtomicSync(path, JSON.stringify(content))
}

/** Whether `path` (relative to `outDir`) is a file of `size` bytes: a hashed file cut short (written in place) has the wrong size. */
export function presentWithSize(outDir: string, path: string, size: number): boolean {
  return statSync(join(outDir, path), { throwIfNoEntry: false })?.size === size
}

/**
 * Whether files are in the output dir, by one listing per folder: for originals, which are
 * replaced atomically (whole or not at all), so that being there is enough.
 */
export function createPresence(outDir: string): (path: string) => boolean {
  const folders = new Map<string, Set<string>>()
  return (path) => {
    const folder = dirname(path)
    let names = folders.get(folder)
    if (names === undefined) {
      names = new Set(listing(join(outDir, folder)))
      folders.set(folder, names)
    }
    return names.has(path.slice(folder === '.' ? 0 : folder.length + 1))
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
