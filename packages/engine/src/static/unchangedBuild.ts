import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import {
  buildCacheKey,
  CACHE_PATH,
  cachedNotes,
  cachedOutputs,
  filesOf,
  hashAt,
  outputsPresent,
  readCacheColumns,
  sameSources,
  type CachedFile,
  type ParseNotes,
} from './cache/buildCache.ts'
import { readCacheHashes, readCacheHeader } from './cache/cacheHeader.ts'
import { sourcesDigest } from './cache/sourcesDigest.ts'
import { HASH_LENGTH } from './hash/hashedName.ts'
import type { StaticFile } from './types.ts'
import { createPresence } from './output/outputPresence.ts'
import type { BuildStaticOptions, StaticBuildResult } from './buildStatic.ts'
import { createReport } from './report.ts'
import { walkAll, type SourceFiles } from './walk/sourceFiles.ts'
import { resolveStaticDirs } from './walk/walkStaticDirs.ts'

/** What a look at the sources found, handed to `buildStatic` so that it does not walk and read the cache again. */
export interface PreparedSources {
  sources: SourceFiles
  /** The last build's files, from its cache; `undefined` when there is none to trust. */
  cache: Map<string, CachedFile> | undefined
  /** Why the cache is not used, for `buildStatic` to say (a first build has none). */
  cacheNotes: string[]
  /** Whether no file was added to or removed from an output folder since the cache was written (see `createPresence`). */
  settled: (folder: string) => boolean
}

/**
 * Either the last build's result, when nothing changed (`listed`: how many output folders had to
 * be listed, not being settled; `names`: the logical names, sorted), or what was found on the way.
 */
export type UnchangedProbe = { result: StaticBuildResult; listed: number; names: readonly string[]; prepared?: undefined } | { result?: undefined; prepared: PreparedSources }

/**
 * Answers a one-shot rebuild into `options.outDir` without the static stage when nothing
 * changed: every source has the stamp (size, mtime, ctime, inode) the build cache recorded, and every output
 * it names is there (by one listing per output folder, except folders that `settled` says no file
 * was added to or removed from since the cache was written). When parsing reported nothing, the
 * cache's header is enough: the digest of the sources' names, paths and stamps it keeps is
 * compared with the walk's, and the `hashes` column is read only for folders not settled.
 * Otherwise its columns are read, with no record per file. No source is parsed, no output is
 * written, and the parsing, hashing and writing modules are not loaded. The result and warnings
 * are what `buildStatic` would give (its `assets` and `files` maps are made from the cache when
 * first read). Otherwise, what it walked and read is handed on.
 */
export async function probeUnchangedBuild(options: BuildStaticOptions, settled: (folder: string) => boolean): Promise<UnchangedProbe> {
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const sources = await walkAll(dirs, options.firstWins === true, options.outDir)
  const key = buildCacheKey(dirs, options)
  const keepOriginals = options.keepOriginals !== false
  // The common case: the header vouches for the sources, and nothing is to be said again.
  const start = readCacheHeader(options.outDir)
  if (start !== undefined && start.header.key === key && !start.header.said && start.header.count === sources.files.length) {
    const names = sortedNames(sources.files)
    if (start.header.sources === walkDigest(names, sources)) {
      const present = createPresence(options.outDir, undefined, settled)
      let hashes: string | undefined
      const hashOf = (index: number): string => (hashes ??= readCacheHashes(options.outDir, start) ?? '').slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH)
      if (outputsPresent(names, hashOf, present, keepOriginals) && hashes !== '') {
        const outputs = (): CachedOutputs => {
          const columns = readCacheColumns(options.outDir, key, () => {})
          if (columns?.sources !== start.header.sources) throw changedSince(options.outDir)
          return cachedOutputs(columns)
        }
        const answered = unchangedResult(options, sources, [], start.header, outputs)
        if (answered !== undefined) return { result: answered, listed: present.listed, names }
      }
    }
  }
  // Why a cache is not used is said by `buildStatic`, in its order, if the build goes there.
  const cacheNotes: string[] = []
  const note = (message: string): number => cacheNotes.push(message)
  const columns = readCacheColumns(options.outDir, key, note)
  const prepared = (): UnchangedProbe => ({ prepared: { sources, cache: filesOf(options.outDir, columns, dirs, note), cacheNotes, settled } })
  if (columns === undefined || !sameSources(columns, dirs, sources.files, sources.stamps)) return prepared()
  const present = createPresence(options.outDir, undefined, settled)
  if (!outputsPresent(columns.names, (index) => hashAt(columns, index), present, keepOriginals)) return prepared()
  const notes = cachedNotes(columns, sources.files)
  if (notes === undefined) return prepared()
  const totals = { count: columns.names.length, bytes: columns.outputSizes.reduce((sum, size) => sum + size, 0) }
  const result = unchangedResult(options, sources, notes, totals, () => cachedOutputs(columns))
  return result === undefined ? prepared() : { result, listed: present.listed, names: columns.names }
}

type CachedOutputs = ReturnType<typeof cachedOutputs>

/**
 * The result of a build that changed nothing, with the walk's reports and the parsing `notes`
 * said again; `undefined` when a strict build would fail on them (as `buildStatic` says).
 */
function unchangedResult(options: BuildStaticOptions, sources: SourceFiles, notes: readonly ParseNotes[], totals: { count: number; bytes: number }, outputs: () => CachedOutputs): StaticBuildResult | undefined {
  const report = createReport(options)
  for (const { warning, broken } of sources.walkReports) (report.warn(warning), report.broke(broken))
  for (const said of notes) report.repeat(said)
  if (options.strict && report.broken.length > 0) return undefined
  options.onProgress?.('write', totals.count, totals.count)
  // Made when read: a one-shot CLI build needs only the totals.
  let made: CachedOutputs | undefined
  return {
    get assets() {
      return (made ??= outputs()).assets
    },
    get files() {
      return (made ??= outputs()).files
    },
    fileCount: totals.count,
    bytes: totals.bytes,
    warnings: report.warnings,
    links: sources.links,
    shadowed: sources.shadowed,
    written: 0,
    originals: [],
    unchanged: true,
  }
}

/** The walk's names in name order, as the cache lists them (the walk gives each dir's sorted: mostly a check). */
function sortedNames(files: readonly StaticFile[]): string[] {
  const names = files.map((file) => file.name)
  for (let index = 1; index < names.length; index++) if (names[index - 1]! > names[index]!) return names.sort()
  return names
}

/** `sourcesDigest` of what the walk found, as the cache writes it. */
function walkDigest(names: readonly string[], { files, stamps }: SourceFiles): string {
  let byName: Map<string, StaticFile> | undefined
  const fileAt = (at: number): StaticFile => {
    const file = files[at]!
    return file.name === names[at] ? file : (byName ??= new Map(files.map((each) => [each.name, each]))).get(names[at]!)!
  }
  return sourcesDigest(
    names.length,
    (at) => names[at]!,
    (at) => fileAt(at).path,
    (at) => stamps.get(names[at]!)!,
  )
}

function changedSince(outDir: string): AssetmapError {
  const path = join(outDir, CACHE_PATH)
  return new AssetmapError('MANIFEST_INVALID', `${path} changed since the build that read it, which needs it for its file list. Build again.`, { value: path })
}
