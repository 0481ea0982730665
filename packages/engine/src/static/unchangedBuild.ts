import { buildCacheKey, cachedNotes, filesOf, cachedOutputs, outputsPresent, readCacheColumns, sameSources, type CachedFile } from './cache/buildCache.ts'
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
 * be listed, not being settled), or what was found on the way.
 */
export type UnchangedProbe = { result: StaticBuildResult; listed: number; prepared?: undefined } | { result?: undefined; prepared: PreparedSources }

/**
 * Answers a one-shot rebuild into `options.outDir` without the static stage when nothing
 * changed: every source has the stamp (size, mtime, ctime, inode) the build cache recorded, and every output
 * it names is there (by one listing per output folder, except folders that `settled` says no file
 * was added to or removed from since the cache was written). Only the cache's columns are
 * read: no record per file is made, no source is parsed, no output is written, and the parsing,
 * hashing and writing modules are not loaded. The result and warnings are what `buildStatic` would give.
 * Otherwise, what it walked and read is handed on.
 */
export async function probeUnchangedBuild(options: BuildStaticOptions, settled: (folder: string) => boolean): Promise<UnchangedProbe> {
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const sources = await walkAll(dirs, options.firstWins === true, options.outDir)
  // Why a cache is not used is said by `buildStatic`, in its order, if the build goes there.
  const cacheNotes: string[] = []
  const note = (message: string): number => cacheNotes.push(message)
  const columns = readCacheColumns(options.outDir, buildCacheKey(dirs, options), note)
  const prepared = (): UnchangedProbe => ({ prepared: { sources, cache: filesOf(options.outDir, columns, dirs, note), cacheNotes, settled } })
  if (columns === undefined || !sameSources(columns, dirs, sources.files, sources.stamps)) return prepared()
  const present = createPresence(options.outDir, undefined, settled)
  if (!outputsPresent(columns, present, options.keepOriginals !== false)) return prepared()
  const notes = cachedNotes(columns, sources.files)
  if (notes === undefined) return prepared()
  const report = createReport(options)
  for (const { warning, broken } of sources.walkReports) (report.warn(warning), report.broke(broken))
  for (const said of notes) report.repeat(said)
  // A strict build with broken references fails, as `buildStatic` says.
  if (options.strict && report.broken.length > 0) return prepared()
  options.onProgress?.('write', sources.files.length, sources.files.length)
  const { assets, files } = cachedOutputs(columns)
  return { result: { assets, files, warnings: report.warnings, links: sources.links, shadowed: sources.shadowed, written: 0, originals: [], unchanged: true }, listed: present.listed }
}
