import { AssetmapError } from '@assetmap/runtime/internal'
import { totalSize, type OutputFile } from '../createManifest.ts'
import { piecesSize } from './rewrite/applyEdits.ts'
import { buildCacheKey, CacheRecords, forEachReference, readBuildCache, saidSomething, type CachedFile, type CachedText } from './cache/buildCache.ts'
import { writeBuildCache } from './cache/writeBuildCache.ts'
import { createPresence, untouchedSince, type FolderListings } from './output/outputPresence.ts'
import { sourceMapToolsReady } from './rewrite/composeSourceMap.ts'
import { contentDigest } from './hash/contentDigest.ts'
import { hashedName, hashIn } from './hash/hashedName.ts'
import { hashStaticFiles, type StaticOutput } from './hash/hashStaticFiles.ts'
import { jsLexerReady } from './references/jsReferences.ts'
import { sourceMapIndex } from './references/linkedReferences.ts'
import { parseStaticFile, type ParsedFile, type ParseReport } from './references/parseStaticFile.ts'
import { FileLayout, MAP_LIKE } from './session/fileLayout.ts'
import { staleFiles, updateResultMaps } from './session/quickRebuild.ts'
import { addReferences, referenceCounter, referenceGraph, referrersOf, removeReferences, type ReferenceGraph } from './session/referenceGraph.ts'
import { createTextStore } from './read/textStore.ts'
import type { StaticDirOption, StaticFile } from './types.ts'
import { resolveStaticDirs, type FollowedLink, type ShadowedFile } from './walk/walkStaticDirs.ts'
import { sessionState, type SessionState, type StaticSession } from './staticSession.ts'
import { fromHints, walkAll } from './walk/sourceFiles.ts'
import type { PreparedSources } from './unchangedBuild.ts'
import { createReport } from './report.ts'
import { BuildLedger } from './buildLedger.ts'
import { FileMap, type ByName } from './fileMap.ts'
import { copyOpaqueFile, writeOutputFile } from './output/writeOutputFiles.ts'
import { importMapOn, type ImportMapOption } from '../importMap/importMapMode.ts'

/** Options of `buildStatic`. */
export interface BuildStaticOptions {
  /** Folders to hash: a path, or `{ dir, prefix }` to put the files under a prefix. */
  dirs: readonly StaticDirOption[]
  /** Folder the dirs are relative to. */
  root: string
  /** Where hashed files (and kept originals) are written. */
  outDir: string
  /**
   * URL path the output dir is served under; absolute references starting with it
   * (`/static/img/x.png`) resolve from the static root and keep the prefix.
   * @default '/static/'
   */
  basePath?: string
  /**
   * Also write each file unhashed under its logical name, for files that need a stable name
   * (`favicon.ico`, `robots.txt`).
   * @default true
   */
  keepOriginals?: boolean
  /**
   * Fail, listing every broken reference, instead of warning.
   * @default false
   */
  strict?: boolean
  /**
   * @deprecated No effect: the engine reads, hashes and writes in the calling thread. Writer
   * threads were measured to buy no wall time (see the collectstatic benchmark) and cost memory.
   */
  threads?: number
  /**
   * When two dirs hold a file of the same logical name, use the earlier dir's (Django's
   * override order) and list the other in `shadowed`, instead of failing with `DUPLICATE_NAME`.
   * @default false
   */
  firstWins?: boolean
  /**
   * Keep a build cache in `<outDir>/.assetmap/cache.json` and, on the next build into the same
   * folder, read, parse and hash only what changed and the files that refer to it. The output is
   * the same as a build without the cache; a cache written by another engine version or with
   * other options or dirs is ignored with a warning.
   * @default true
   */
  cache?: boolean
  /**
   * Memory kept between the builds of a watch (`createStaticSession()`): the last build's files
   * and cache stay in memory, and the cache file is written by `session.flush()`.
   * @default undefined (each build reads and writes the cache file)
   */
  session?: StaticSession | undefined
  /**
   * Import-map mode: JS modules are hashed but their module specifiers are left as written (see
   * `ImportMapOption`); `completeBuild` records the module graph in the manifest's `importMap`.
   * @default false
   */
  importMap?: boolean | ImportMapOption | undefined
  /** Receives each warning. @default console.warn */
  onWarning?: (message: string) => void
  /** Told how many files are done, per phase, for progress displays. @default undefined */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void
}

/** What `buildStatic` wrote. */
export interface StaticBuildResult {
  /** Logical name → hashed output path. */
  assets: Map<string, string>
  /** Hashed output path → size and integrity. */
  files: Map<string, OutputFile>
  /** How many hashed files there are (`files.size`: one per logical name), without making the maps of a result read from the build cache. */
  fileCount: number
  /** Size in bytes of the hashed files (`files`), summed. */
  bytes: number
  /** Every warning, also given to `onWarning`. */
  warnings: string[]
  /** Symbolic links the build followed to files or folders outside every static dir. */
  links: FollowedLink[]
  /** Files not used because an earlier dir has one of the same logical name (`firstWins`). */
  shadowed: ShadowedFile[]
  /** How many files were created or replaced in the output dir (a file already there with the right content is not written again). */
  written: number
  /**
   * Logical names whose unhashed original may have new content: those written by this build,
   * or every one when no build cache vouched for the folder. A precompressed variant beside
   * one of them may be stale.
   */
  originals: string[]
  /** Whether the build cache spared every file: this result is the last build's, and nothing was written. */
  unchanged: boolean
  /**
   * With a `session`: which of the session's builds this is (`build`, counted from 1) and, when it
   * looked only at what its watcher reported (`since`: the build before it), the logical names
   * whose output, size or integrity may differ from that build's. `assets` and `files` are then
   * that build's maps, updated in place (an entry that changed moves to the end): copy them to
   * keep a build's, and sort them for name order.
   */
  changes?: { build: number; since?: number; names?: readonly string[] } | undefined
}

/** Whether a file is final as read: nothing to rewrite, and not a source map a rewritten file may recompose. */
function isFinalAsRead(parsed: ParsedFile): boolean {
  return parsed.refs.length === 0 && !MAP_LIKE.test(parsed.file.name)
}

/**
 * Hashes every file of the static dirs, rewriting references inside CSS and JS to the hashed
 * names, and writes the hashed files (plus the originals, unless `keepOriginals: false`) into
 * `outDir`. Hashed names are content-addressed, so a file already on disk is not written again.
 * Each original is a hard link to its hashed file (the same bytes, references rewritten) where the
 * file system allows, a copy elsewhere.
 * Memory stays bounded: other files are streamed in chunks, and CSS and JS are written as soon as
 * they are rendered.
 * With the build cache (`cache`, on by default), a rebuild into the same `outDir` reads and parses
 * only the files whose size, mtime, ctime or inode changed, re-renders only them and the files that refer
 * to them (transitively), and writes only outputs that are not there yet: its output is the same,
 * byte for byte, as a build without the cache.
 */
export async function buildStatic(options: BuildStaticOptions, prepared?: PreparedSources): Promise<StaticBuildResult> {
  const session = sessionState(options.session)
  try {
    return await build(options, session, prepared)
  } catch (error) {
    session?.forget()
    throw error
  }
}

async function build(options: BuildStaticOptions, session: SessionState | undefined, prepared: PreparedSources | undefined): Promise<StaticBuildResult> {
  const report = createReport(options)
  const { warnings, broken } = report
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const { outDir } = options
  const keepOriginals = options.keepOriginals !== false
  const basePath = options.basePath ?? '/static/'
  const useCache = options.cache !== false
  const firstWins = options.firstWins === true
  const importMap = importMapOn(options.importMap)
  const key = buildCacheKey(dirs, options)
  const record = session?.record?.key === key ? session.record : undefined
  const hints = session?.takeHints()
  const sources = (record && hints && fromHints(record, hints)) || prepared?.sources || (await walkAll(dirs, firstWins, outDir))
  const { files, stamps, links, shadowed } = sources
  for (const { warning, broken: description } of sources.walkReports) (report.warn(warning), report.broke(description))
  for (const message of prepared?.cacheNotes ?? []) report.note(message)
  const cache = record?.cache ?? (prepared ? prepared.cache : useCache ? readBuildCache(outDir, key, dirs, report.note) : undefined)
  /**
   * A watch's rebuild told which of the last build's files changed (the same files, only some
   * stat'ed again): it looks only at them, at what refers to them, and at the output folders
   * changed since, and updates the last build's maps in place. Otherwise every file is looked at.
   */
  const quick = record !== undefined && hints !== undefined && files === record.files ? record : undefined
  const layout = quick?.layout ?? new FileLayout(files)
  // References resolve against the set of names: when it changed, every CSS and JS file is parsed again.
  const sameNames = quick !== undefined || (cache !== undefined && cache.size === files.length && files.every((file) => cache.has(file.name)))
  // Even in a watch: a file deleted from the output by hand is written again.
  const listings: FolderListings = record?.listings ?? new Map()
  const present = createPresence(outDir, listings, prepared?.settled)
  /** Whether a file is the one its cache entry was made from (the same path), with the same stamp: as the cache file says, or as the last build of a watch found it. */
  const sameSource = (file: StaticFile, entry: CachedFile): boolean => {
    if (cache instanceof CacheRecords) return cache.sameSource(file, entry, stamps)
    const last = record?.files === files ? file : record?.layout.known.get(file.name)
    return last !== undefined && (last === file || last.path === file.path) && stamps.same(file.index, record!.stamps, last.index)
  }
  /** The cache's record of a file whose source and outputs are as the last build left them. */
  const reusable = (file: StaticFile, text: boolean): CachedFile | undefined => {
    const entry = cache?.get(file.name)
    if (entry === undefined || !sameSource(file, entry)) return undefined
    if (text !== (entry.text !== undefined) || (text && !sameNames)) return undefined
    if (!present(entry.output)) return undefined
    // Changed by hand since the cache was written (truncated, replaced): written again.
    if (cache instanceof CacheRecords && !untouchedSince(outDir, entry.output, cache.writtenAt)) return undefined
    return keepOriginals && !present(file.name) ? undefined : entry
  }
  const isText = (file: StaticFile): boolean => layout.position(file.name) !== undefined

  const records = quick?.cache ?? new FileMap<CachedFile>(layout)
  const ledger = new BuildLedger({ outDir, records, quick: quick !== undefined, total: files.length, onProgress: options.onProgress, keepOriginals, cached: cache !== undefined })
  const { next, replaced, textInfo } = ledger

  const { opaque, rest } = layout
  /** The last build's entry of a file that needs nothing done, if it is one. */
  let spared: (name: string) => CachedFile | undefined
  let sparedCount: number
  /** Quick: files that changed or lost an output. */
  const stale = quick ? staleFiles(quick, hints!, outDir, listings, (file) => reusable(file, isText(file))) : new Set<string>()
  if (quick) {
    spared = (name) => (stale.has(name) ? undefined : next.get(name))
    sparedCount = files.length - stale.size
  } else {
    const map = new Map<string, CachedFile>()
    for (const file of opaque) addSpared(map, file, reusable(file, false))
    for (const file of rest) addSpared(map, file, reusable(file, true))
    spared = (name) => map.get(name)
    sparedCount = map.size
  }
  const allSpared = sparedCount === files.length && sameNames
  /** Quick: text files whose parsing warned, whose warnings each build says again. */
  const noted = quick ? (quick.noted ??= notedFiles(rest, next)) : undefined
  /** Quick: the last build's references, before this build changes any entry. */
  const graphBefore = quick && !allSpared ? (quick.graph ??= referenceGraph(rest.map((file) => [file.name, next.get(file.name)!.text!]))) : undefined
  const serial = session ? ++session.builds : 0
  const finish = (graph: ReferenceGraph | undefined): StaticBuildResult => {
    // What the cache and a watch's next build compare with: not a stamp that may hide an edit.
    stamps.forgetRacy(sources.stampedAt)
    // Unchanged when every file was known and spared: rewriting it would be most of a rebuild's writes.
    const dirty = useCache && (!sameNames || sparedCount !== files.length || ledger.folders.size > 0)
    const names = layout.names
    const writeCache = (): void => (useCache ? writeBuildCache(outDir, key, layout, next, stamps, dirs) : undefined)
    let assets: Map<string, string>
    let outputs: Map<string, OutputFile>
    if (quick) {
      ;({ assets, outputs } = updateResultMaps(quick, replaced))
      options.onProgress?.('write', files.length, files.length)
    } else {
      // In name order: the order files finish in depends on what the cache spared.
      assets = new Map()
      outputs = new Map()
      for (const name of names) {
        const { output, outputSize: size, integrity } = next.get(name)!
        assets.set(name, output)
        outputs.set(output, { size, integrity })
      }
    }
    if (session) {
      const byPath = record?.files === files ? record.byPath : new Map(files.map((file) => [file.path, file]))
      const kept = { key, files, byPath, stamps, cache: next, links, shadowed, walkReports: sources.walkReports, aliased: sources.aliased, listings }
      session.remember({ ...kept, build: serial, layout, graph, noted, assets, outputs }, writeCache, dirty)
    } else if (dirty) writeCache()
    const changes = { build: serial, ...(quick ? { since: quick.build, names: [...replaced.keys()] } : {}) }
    return { assets, files: outputs, fileCount: outputs.size, bytes: totalSize(outputs.values()), warnings, links, shadowed, written: ledger.written, originals: ledger.originals, unchanged: allSpared, ...(session ? { changes } : {}) }
  }
  if (allSpared) {
    // Nothing changed: every file as the last build left it, its warnings said again.
    if (quick) for (const file of layout.inRestOrder([...noted!].map((name) => layout.known.get(name)!))) report.repeat(next.get(file.name)!.text)
    else {
      for (const file of files) {
        const entry = spared(file.name)!
        report.repeat(entry.text)
        ledger.finished(file, entry)
      }
    }
    if (options.strict && broken.length > 0) throw brokenReferences(broken)
    return finish(quick?.graph)
  }
  await jsLexerReady()
  const { known } = layout
  const texts = createTextStore((parsed) => stamps.at(parsed.file.index))
  // An original is its hashed file under a second name (a hard link), rewritten or not: one file
  // to create per source, and a page that names the original gets what the hashed file has.
  const emit = (parsed: ParsedFile, { name, output, pieces, digest }: StaticOutput): void => {
    ledger.ready(output)
    ledger.wrote(name, writeOutputFile(outDir, { path: output, bytes: pieces, alias: keepOriginals ? name : undefined }))
    ledger.done(parsed.file, output, piecesSize(pieces), digest)
  }
  const emitAsRead = (parsed: ParsedFile, bytes: Uint8Array): void => {
    const digest = contentDigest(bytes)
    emit(parsed, { name: parsed.file.name, output: hashedName(parsed.file.name, digest.hash), hash: digest.hash, pieces: [bytes], digest })
  }
  const parseReport: ParseReport = { warn: report.warn, broken: report.broke }
  const parse = (file: StaticFile, bytes: Uint8Array): ParsedFile => {
    // What parsing says is kept with the file, and said again whenever the cache spares parsing it.
    const result = parseStaticFile(file, bytes, known, basePath, parseReport, importMap)
    textInfo.set(file.name, result)
    return result
  }
  /** A file the last build parsed, as it parsed it (made only for a file that is rendered again). */
  const recall = (file: StaticFile, entry: CachedFile): ParsedFile => {
    const { scanned, refs, warnings, broken } = entry.text!
    return { file, bytes: undefined, size: stamps.size(file.index), scanned, refs, warnings, broken }
  }
  const finals: ParsedFile[] = []
  /** Text files read and parsed by this build. */
  const parsed: ParsedFile[] = []
  /** Quick: what each parsed file's last entry said (its old references leave the graph). */
  const parsedBefore = new Map<string, CachedText | undefined>()
  // Quick: only the changed text files, and those whose warnings are said again, in the same order.
  const reading = quick ? layout.inRestOrder(new Set([...stale, ...noted!].flatMap((name) => (isText(known.get(name)!) ? [known.get(name)!] : [])))) : rest
  for (const [index, file] of reading.entries()) {
    const entry = spared(file.name)
    if (entry !== undefined) {
      // Its warnings said again, as parsing it would.
      report.repeat(entry.text)
      textInfo.set(file.name, entry.text!)
    } else {
      if (quick) parsedBefore.set(file.name, next.get(file.name)?.text)
      const bytes = texts.read(file.path, stamps.size(file.index))
      const result = texts.remember(parse(file, bytes))
      parsed.push(result)
      // Strict builds write nothing until every reference is known to resolve.
      if (isFinalAsRead(result) && options.strict) finals.push(result)
      else if (isFinalAsRead(result)) emitAsRead(result, bytes)
    }
    if (!quick) options.onProgress?.('read', index + 1, rest.length)
  }
  if (quick) options.onProgress?.('read', rest.length, rest.length)
  if (options.strict && broken.length > 0) throw brokenReferences(broken)
  for (const final of finals) emitAsRead(final, texts.load(final))
  /**
   * Files whose hash may differ from the last build's: what changed, then what refers to it.
   * Followed only when a file the cache spared may have to be rendered again, or a watch keeps the
   * references: a build that spares nothing renders every file anyway.
   */
  const changed = quick !== undefined || session !== undefined || sparedCount > 0 ? new Set(parsed.map((result) => result.file.name)) : undefined
  // A source map a file named last time is recomposed with it no more (or with it only): its
  // output may change although its source did not.
  if (changed !== undefined) {
    for (const { file } of parsed) {
      const before = quick ? parsedBefore.get(file.name) : cache?.get(file.name)?.text
      if (before !== undefined) forEachReference(before, (target, kind) => kind === 'sourcemap' && known.has(target) && changed.add(target))
    }
  }
  // Images, fonts and other files that are never rewritten: their hash depends on nothing else.
  for (const file of quick ? [...stale].map((name) => known.get(name)!).filter((file) => !isText(file)) : opaque) {
    const entry = spared(file.name)
    if (entry !== undefined) {
      ledger.finished(file, entry)
      continue
    }
    const before = cache?.get(file.name)?.output
    ledger.ready(file.name)
    const copied = copyOpaqueFile(outDir, file.path, file.name, keepOriginals ? file.name : undefined)
    ledger.wrote(file.name, copied.written)
    if (before !== copied.output) changed?.add(file.name)
    ledger.done(file, copied.output, copied.size, copied.digest)
  }
  let graph: ReferenceGraph | undefined
  if (graphBefore !== undefined) {
    graph = graphBefore
    for (const [name, text] of parsedBefore) {
      if (text !== undefined) removeReferences(graph, name, text)
      addReferences(graph, name, textInfo.get(name)!)
      if (saidSomething(textInfo.get(name))) noted!.add(name)
      else noted!.delete(name)
    }
  } else if (changed !== undefined) graph = referenceGraph(textInfo)
  const cascade = graph && changed ? referrersOf(changed, graph) : new Set<string>()
  // In walk order when nothing was spared (parsed files are added in walk order): an array slot
  // per file, not a second map of names. Otherwise in the order added, the cascade's last.
  const todo: FileMap<ParsedFile> | Map<string, ParsedFile> = sparedCount === 0 && !quick ? records.sibling() : new Map()
  for (const result of parsed) if (!ledger.renderedNow(result.file.name)) todo.set(result.file.name, result)
  const candidates = quick ? layout.inRestOrder([...cascade].flatMap((name) => (isText(known.get(name)!) ? [known.get(name)!] : []))) : sparedCount > 0 ? rest : []
  for (const file of candidates) {
    const entry = spared(file.name)
    if (entry === undefined) continue
    if (!cascade.has(file.name)) ledger.finished(file, entry)
    else {
      textInfo.set(file.name, entry.text!)
      const result = recall(file, entry)
      if (isFinalAsRead(result)) emitAsRead(result, texts.load(result))
      else todo.set(file.name, result)
    }
  }
  for (const result of todo.values()) {
    if (sourceMapIndex(result.refs) === -1) continue
    await sourceMapToolsReady()
    break
  }
  const referenceCount = graph ? (target: string): number => graph.referrers.get(target)?.length ?? 0 : referenceCounter(textInfo.values())
  // A file to render is not done until emitted (a quick rebuild's map still holds its last entry).
  const hashOf = (name: string): string | undefined => {
    const entry = todo.has(name) && !ledger.renderedNow(name) ? undefined : next.get(name)
    return entry && hashIn(name, entry.output)
  }
  hashStaticFiles(todo, (output) => emit(todo.get(output.name)!, output), hashOf, texts.load, referenceCount)
  return finish(graph)
}

/** The text files whose cached parsing warned or found broken references. */
function notedFiles(rest: readonly StaticFile[], cache: ByName<CachedFile>): Set<string> {
  const noted = new Set<string>()
  for (const file of rest) {
    if (saidSomething(cache.get(file.name)?.text)) noted.add(file.name)
  }
  return noted
}

function addSpared(spared: Map<string, CachedFile>, file: StaticFile, entry: CachedFile | undefined): void {
  if (entry !== undefined) spared.set(file.name, entry)
}

function brokenReferences(broken: readonly string[]): AssetmapError {
  return new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
}
