import { CacheRecords, readBuildCache } from '../outDir/buildCache.ts'
import { buildCacheKey, saidSomething, type CachedFile } from '../outDir/cacheFormat.ts'
import { createPresence, untouchedSince, type FolderListings } from '../outDir/outputPresence.ts'
import { FileMap, type ByName } from '../table/fileMap.ts'
import { createReport, type BuildReport } from '../table/report.ts'
import type { StaticFile } from '../table/types.ts'
import { walkAll, type SourceFiles } from '../walk/sourceFiles.ts'
import { resolveStaticDirs, type ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import { FileLayout } from './fileLayout.ts'
import { fromHints } from './fromHints.ts'
import { staleFiles } from './quickRebuild.ts'
import { referenceGraph, type ReferenceGraph } from './referenceGraph.ts'
import type { BuildStaticOptions } from './staticOptions.ts'
import type { SessionRecord, SessionState } from './staticSession.ts'
import type { PreparedSources } from './unchangedBuild.ts'

/** What a static build starts from: the walk's files, and the last build's records of them (the cache file's, or a watch's). */
export interface BuildState {
  options: BuildStaticOptions
  report: BuildReport
  dirs: ResolvedStaticDir[]
  outDir: string
  keepOriginals: boolean
  useCache: boolean
  /** The cache key of these options and dirs. */
  key: string
  /** A watch's last build, when made with the same key. */
  record: SessionRecord | undefined
  /** The paths a watch's watcher reported since the last build, if any. */
  hints: Set<string> | undefined
  sources: SourceFiles
  /** The last build's records, when there are any to trust. */
  cache: FileMap<CachedFile> | CacheRecords | undefined
  /**
   * A watch's rebuild told which of the last build's files changed (the same files, only some
   * stat'ed again): it looks only at them, at what refers to them, and at the output folders
   * changed since, and updates the last build's maps in place. Otherwise every file is looked at.
   */
  quick: SessionRecord | undefined
  layout: FileLayout
  /** References resolve against the set of names: when it changed, every CSS and JS file is parsed again. */
  sameNames: boolean
  listings: FolderListings
  /** Where this build records each finished file: a new map, or a watch's quick rebuild's last one, changed in place. */
  records: FileMap<CachedFile>
}

/** What a static build must redo, and what it takes from the last build as it is. */
export interface BuildPlan extends BuildState {
  /** The last build's entry of a file that needs nothing done, if it is one. */
  spared: (name: string) => CachedFile | undefined
  sparedCount: number
  /** Quick: files that changed or lost an output. */
  stale: Set<string>
  /** Whether nothing is to be done: every file spared, under the same names. */
  allSpared: boolean
  /** Quick: text files whose parsing warned, whose warnings each build says again. */
  noted: Set<string> | undefined
  /** Quick: the last build's references, before this build changes any entry. */
  graphBefore: ReferenceGraph | undefined
  isText: (file: StaticFile) => boolean
}

/** The walk (or a watch's hints) and the last build's records, as `planBuild` starts from them. */
async function buildState(options: BuildStaticOptions, session: SessionState | undefined, prepared: PreparedSources | undefined): Promise<BuildState> {
  const report = createReport(options)
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const { outDir } = options
  const useCache = options.cache !== false
  const key = buildCacheKey(dirs, options)
  const record = session?.record?.key === key ? session.record : undefined
  const hints = session?.takeHints()
  const sources = (record && hints && fromHints(record, hints)) || prepared?.sources || (await walkAll(dirs, options.firstWins === true, outDir))
  const { files } = sources
  for (const { warning, broken } of sources.walkReports) (report.warn(warning), report.broke(broken))
  for (const message of prepared?.cacheNotes ?? []) report.note(message)
  const cache = record?.cache ?? (prepared ? prepared.cache : useCache ? readBuildCache(outDir, key, dirs, report.note) : undefined)
  const quick = record !== undefined && hints !== undefined && files === record.files ? record : undefined
  const layout = quick?.layout ?? new FileLayout(files)
  const sameNames = quick !== undefined || (cache !== undefined && cache.size === files.length && files.every((file) => cache.has(file.name)))
  // Even in a watch: a file deleted from the output by hand is written again.
  const listings: FolderListings = record?.listings ?? new Map()
  const records = quick?.cache ?? new FileMap<CachedFile>(layout)
  return { options, report, dirs, outDir, keepOriginals: options.keepOriginals !== false, useCache, key, record, sources, cache, quick, layout, sameNames, listings, records, hints }
}

/**
 * The one plan of a static build: the walk and the last build's records (and, in a watch, the
 * paths its watcher reported) give the files it takes as they are and the files it redoes.
 */
export async function planBuild(options: BuildStaticOptions, session: SessionState | undefined, prepared: PreparedSources | undefined): Promise<BuildPlan> {
  const state = await buildState(options, session, prepared)
  const { quick, layout, records, sameNames, sources } = state
  const { files } = sources
  const reusable = reusableEntry(state, createPresence(state.outDir, state.listings, prepared?.settled))
  const isText = (file: StaticFile): boolean => layout.position(file.name) !== undefined
  const { opaque, rest } = layout
  let spared: (name: string) => CachedFile | undefined
  let sparedCount: number
  const stale = quick ? staleFiles(quick, state.hints!, state.outDir, state.listings, (file) => reusable(file, isText(file))) : new Set<string>()
  if (quick) {
    spared = (name) => (stale.has(name) ? undefined : records.get(name))
    sparedCount = files.length - stale.size
  } else {
    const map = new Map<string, CachedFile>()
    for (const [text, group] of [[false, opaque], [true, rest]] as const) {
      for (const file of group) {
        const entry = reusable(file, text)
        if (entry !== undefined) map.set(file.name, entry)
      }
    }
    spared = (name) => map.get(name)
    sparedCount = map.size
  }
  const allSpared = sparedCount === files.length && sameNames
  const noted = quick ? (quick.noted ??= notedFiles(rest, records)) : undefined
  const graphBefore = quick && !allSpared ? (quick.graph ??= referenceGraph(rest.map((file) => [file.name, records.get(file.name)!.text!]))) : undefined
  return { ...state, spared, sparedCount, stale, allSpared, noted, graphBefore, isText }
}

/** The last build's record of a file whose source and outputs are as that build left them (`undefined` otherwise). */
function reusableEntry(state: BuildState, present: ReturnType<typeof createPresence>): (file: StaticFile, text: boolean) => CachedFile | undefined {
  const { cache, record, sources, outDir, keepOriginals, sameNames } = state
  const { files, stamps } = sources
  /** Whether a file is the one its cache entry was made from (the same path), with the same stamp: as the cache file says, or as the last build of a watch found it. */
  const sameSource = (file: StaticFile, entry: CachedFile): boolean => {
    if (cache instanceof CacheRecords) return cache.sameSource(file, entry, stamps)
    const last = record?.files === files ? file : record?.layout.known.get(file.name)
    return last !== undefined && (last === file || last.path === file.path) && stamps.same(file.index, record!.stamps, last.index)
  }
  return (file, text) => {
    const entry = cache?.get(file.name)
    if (entry === undefined || !sameSource(file, entry)) return undefined
    if (text !== (entry.text !== undefined) || (text && !sameNames)) return undefined
    if (!present(entry.output)) return undefined
    // Changed by hand since the cache was written (truncated, replaced): written again.
    if (cache instanceof CacheRecords && !untouchedSince(outDir, entry.output, cache.writtenAt)) return undefined
    return keepOriginals && !present(file.name) ? undefined : entry
  }
}

/** The text files whose cached parsing warned or found broken references. */
function notedFiles(rest: readonly StaticFile[], cache: ByName<CachedFile>): Set<string> {
  const noted = new Set<string>()
  for (const file of rest) {
    if (saidSomething(cache.get(file.name)?.text)) noted.add(file.name)
  }
  return noted
}
