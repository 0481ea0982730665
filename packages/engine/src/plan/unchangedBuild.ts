import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import { filesOf, isChecked, parseCacheColumns, readCacheBytes, type CacheRecords } from '../outDir/buildCache.ts'
import { buildCacheKey, CACHE_PATH, hashAt, type CacheColumns, type ParseNotes } from '../outDir/cacheFormat.ts'
import { cachedNotes, cachedOutputs, outputsPresent, sameSources } from '../outDir/cacheColumns.ts'
import { cacheHeaderOf, hashesOf, type CacheHeader } from '../outDir/cacheHeader.ts'
import { sourcesDigest } from '../outDir/sourcesDigest.ts'
import { createPresence } from '../outDir/outputPresence.ts'
import type { BuildStaticOptions, StaticBuildResult } from './staticOptions.ts'
import { createReport } from '../table/report.ts'
import { walkAll, type SourceFiles } from '../walk/sourceFiles.ts'
import { NamedFiles } from '../table/namedFiles.ts'
import { resolveStaticDirs } from '../walk/walkStaticDirs.ts'

/** What a look at the sources found, handed to `buildStatic` so that it does not walk and read the cache again. */
export interface PreparedSources {
  sources: SourceFiles
  /** The last build's files, from its cache; `undefined` when there is none to trust. */
  cache: CacheRecords | undefined
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
 * was added to or removed from since the cache was written). The cache file is read whole; when
 * parsing reported nothing, only its header is parsed: the digest of the sources' names, paths
 * and stamps it keeps is compared with the walk's, and the `hashes` column is decoded only for
 * folders not settled. Otherwise its columns are parsed, with no record per file. No source is
 * parsed, no output is written, and the parsing, hashing and writing modules are not loaded. The
 * result and warnings are what `buildStatic` would give (its `assets` and `files` maps are made
 * from the bytes read, when first asked for). Otherwise, what it walked and read is handed on.
 */
export async function probeUnchangedBuild(options: BuildStaticOptions, settled: (folder: string) => boolean): Promise<UnchangedProbe> {
  const { outDir } = options
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const sources = await walkAll(dirs, options.firstWins === true, outDir)
  const key = buildCacheKey(dirs, options)
  const keepOriginals = options.keepOriginals !== false
  // Why a cache is not used is said by `buildStatic`, in its order, if the build goes there.
  const cacheNotes: string[] = []
  const note = (message: string): number => cacheNotes.push(message)
  // Read whole, parsed only as far as needed: the maps of the result are made from these bytes, whatever builds come after.
  const bytes = readCacheBytes(outDir, note)
  let parsed: CacheColumns | undefined | null = null
  const columns = (): CacheColumns | undefined => (parsed === null ? (parsed = bytes && parseCacheColumns(outDir, bytes, key, note)) : parsed)
  const prepared = (): UnchangedProbe => ({ prepared: { sources, cache: filesOf(outDir, columns(), dirs, note), cacheNotes, settled } })
  const found = bytes && cacheHeaderOf(bytes)
  // Whether the header's digest vouched for the sources: the columns then need no comparing.
  let vouched = false
  if (found !== undefined && isChecked(bytes!) && found.header.key === key && found.header.count === sources.files.length) {
    // The common case: the header vouches for the sources, and nothing is to be said again.
    const named = new NamedFiles(sources.files)
    const { names } = named
    if (found.header.sources !== sourcesDigest(named, sources.stamps)) return prepared()
    vouched = true
    if (!found.header.said) {
      const present = createPresence(outDir, undefined, settled)
      let hashes: string | undefined
      const hashOf = (index: number): string => hashAt({ hashes: (hashes ??= hashesOf(bytes!, found) ?? '') }, index)
      if (!outputsPresent(names, hashOf, present, keepOriginals) || hashes === '') return prepared()
      const made = (): CachedOutputs => {
        const whole = columns()
        if (whole === undefined) throw malformedSince(outDir)
        return cachedOutputs(whole)
      }
      const result = unchangedResult(options, sources, [], found.header, made)
      return result === undefined ? prepared() : { result, listed: present.listed, names }
    }
  }
  const cache = columns()
  if (cache === undefined || (!vouched && !sameSources(cache, dirs, sources.files, sources.stamps))) return prepared()
  const present = createPresence(outDir, undefined, settled)
  if (!outputsPresent(cache.names, (index) => hashAt(cache, index), present, keepOriginals)) return prepared()
  const notes = cachedNotes(cache, sources.files)
  if (notes === undefined) return prepared()
  const result = unchangedResult(options, sources, notes, cache, () => cachedOutputs(cache))
  return result === undefined ? prepared() : { result, listed: present.listed, names: cache.names }
}

type CachedOutputs = ReturnType<typeof cachedOutputs>

/**
 * The result of a build that changed nothing, with the walk's reports and the parsing `notes`
 * said again; `undefined` when a strict build would fail on them (as `buildStatic` says).
 */
function unchangedResult(options: BuildStaticOptions, sources: SourceFiles, notes: readonly ParseNotes[], totals: Pick<CacheHeader, 'count' | 'bytes'>, outputs: () => CachedOutputs): StaticBuildResult | undefined {
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

/** A cache whose header and hashes were whole but whose columns are not (changed by hand): the maps cannot be made. */
function malformedSince(outDir: string): AssetmapError {
  const path = join(outDir, CACHE_PATH)
  return new AssetmapError('MANIFEST_INVALID', `${path}: its header was whole but its columns are not (was it changed by hand?), so this build's assets and files cannot be listed. Build again: the next build ignores it.`, {
    value: path,
  })
}
