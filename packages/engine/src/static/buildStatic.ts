import { dirname, join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import type { OutputFile } from '../createManifest.ts'
import { piecesSize } from './rewrite/applyEdits.ts'
import { buildCacheKey, createPresence, forEachReference, readBuildCache, removeBuildCache, sameStamp, writeBuildCache, type CachedFile, type CachedText, type FolderListings } from './cache/buildCache.ts'
import { sourceMapToolsReady } from './rewrite/composeSourceMap.ts'
import { contentDigest, type ContentDigest } from './hash/contentDigest.ts'
import { hashedName } from './hash/hashedName.ts'
import { hashStaticFiles, type StaticOutput } from './hash/hashStaticFiles.ts'
import { jsLexerReady } from './references/jsReferences.ts'
import { parseStaticFile, textKind, type ParsedFile } from './references/parseStaticFile.ts'
import { createTextStore } from './read/textStore.ts'
import type { StaticDirOption, StaticFile } from './types.ts'
import { resolveStaticDirs, type FollowedLink, type ShadowedFile } from './walk/walkStaticDirs.ts'
import { sessionState, type SessionState, type StaticSession } from './staticSession.ts'
import { fromHints, walkAll } from './walk/sourceFiles.ts'
import type { PreparedSources } from './unchangedBuild.ts'
import { copyOpaqueFile, writeOutputFile } from './output/writeOutputFiles.ts'
import { makeOutputFolder } from './output/outputFolder.ts'

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
}

/** Whether a file is final as read: nothing to rewrite, and not a source map a rewritten file may recompose. */
function isFinalAsRead(parsed: ParsedFile): boolean {
  return parsed.refs.length === 0 && !MAP_LIKE.test(parsed.file.name)
}

const MAP_LIKE = /\.(map|json)$/i

/**
 * Hashes every file of the static dirs, rewriting references inside CSS and JS to the hashed
 * names, and writes the hashed files (plus the originals, unless `keepOriginals: false`) into
 * `outDir`. Hashed names are content-addressed, so a file already on disk is not written again.
 * Each original is a hard link to its hashed file (the same bytes, references rewritten) where the
 * file system allows, a copy elsewhere.
 * Memory stays bounded: other files are streamed in chunks, and CSS and JS are written as soon as
 * they are rendered.
 * With the build cache (`cache`, on by default), a rebuild into the same `outDir` reads and parses
 * only the files whose size, mtime or inode changed, re-renders only them and the files that refer
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
  const warnings: string[] = []
  const broken: string[] = []
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`[assetmap] ${message}`))
  const report = {
    warn(message: string) {
      warnings.push(message)
      if (!options.strict) onWarning(message)
    },
    broken(description: string) {
      broken.push(description)
    },
  }
  const dirs = resolveStaticDirs(options.dirs, options.root)
  const { outDir } = options
  const keepOriginals = options.keepOriginals !== false
  const basePath = options.basePath ?? '/static/'
  const useCache = options.cache !== false
  const firstWins = options.firstWins === true
  const key = buildCacheKey(dirs, options)
  const record = session?.record?.key === key ? session.record : undefined
  const hints = session?.takeHints()
  const sources = (record && hints && fromHints(record, hints)) || prepared?.sources || (await walkAll(dirs, firstWins))
  const { files, stamps, links, shadowed } = sources
  for (const { warning, broken: description } of sources.walkReports) {
    report.warn(warning)
    report.broken(description)
  }
  // Said even in strict mode: it explains a slower build, not a problem of the files.
  const note = (message: string): void => {
    warnings.push(message)
    onWarning(message)
  }
  const cache = record?.cache ?? (useCache ? (prepared?.cache ?? readBuildCache(outDir, key, dirs, note)) : undefined)
  // References resolve against the set of names: when it changed, every CSS and JS file is parsed again.
  const sameNames = cache !== undefined && cache.size === files.length && files.every((file) => cache.has(file.name))
  // Even in a watch: a file deleted from the output by hand is written again.
  const listings: FolderListings = record?.listings ?? new Map()
  const present = createPresence(outDir, listings, prepared?.settled)
  /** The cache's record of a file whose source and outputs are as the last build left them. */
  const reusable = (file: StaticFile, text: boolean): CachedFile | undefined => {
    const entry = cache?.get(file.name)
    if (entry === undefined || entry.path !== file.path || !sameStamp(entry.stamp, stamps.get(file.name)!)) return undefined
    if (text !== (entry.text !== undefined) || (text && !sameNames)) return undefined
    if (!present(entry.output)) return undefined
    return keepOriginals && !present(file.name) ? undefined : entry
  }

  /** Each finished file as the next build's cache will know it. */
  const next = new Map<string, CachedFile>()
  const textInfo = new Map<string, CachedText>()
  const originals: string[] = []
  let doneCount = 0
  let writtenCount = 0
  const folders = new Set<string>()
  /** Before writing `path` (relative to the output dir): its folder exists, and no cache vouches for a folder that is being changed. */
  const ready = (path: string): void => {
    // Even when this build keeps no cache: one left by an earlier build no longer tells the truth.
    if (folders.size === 0) removeBuildCache(outDir)
    const folder = dirname(join(outDir, path))
    if (folders.has(folder)) return
    makeOutputFolder(outDir, folder)
    folders.add(folder)
  }
  /** Records a finished file; `hash` is the one in its output's name (a reference cycle's, for its members). */
  const done = (file: StaticFile, output: string, size: number, digest: ContentDigest, hash = digest.hash): void => {
    const text = textInfo.get(file.name)
    finished(file, { path: file.path, stamp: stamps.get(file.name)!, output, outputSize: size, hash, integrity: digest.integrity, ...(text ? { text } : {}) })
  }
  /** Records a file as the next cache will know it: a new entry, or the last build's, spared. */
  const finished = (file: StaticFile, entry: CachedFile): void => {
    next.set(file.name, entry)
    options.onProgress?.('write', ++doneCount, files.length)
  }
  /** Notes an original whose content may be new: written now, or not vouched for by a cache. */
  const noteOriginal = (name: string, written: number): void => {
    if (keepOriginals && (written > 0 || cache === undefined)) originals.push(name)
  }

  const opaque: StaticFile[] = []
  const rest: StaticFile[] = []
  for (const file of files) (textKind(file.name) === undefined && !MAP_LIKE.test(file.name) ? opaque : rest).push(file)
  const spared = new Map<string, CachedFile>()
  for (const file of opaque) addSpared(spared, file, reusable(file, false))
  for (const file of rest) addSpared(spared, file, reusable(file, true))
  const allSpared = spared.size === files.length && sameNames
  const finish = (): StaticBuildResult => {
    // Unchanged when every file was known and spared: rewriting it would be most of a rebuild's writes.
    const dirty = useCache && (!sameNames || spared.size !== files.length || folders.size > 0)
    const names = sortedNames(files)
    const writeCache = (): void => (useCache ? writeBuildCache(outDir, key, names, next, dirs) : undefined)
    if (session) {
      const byPath = record?.files === files ? record.byPath : new Map(files.map((file) => [file.path, file]))
      session.remember({ key, files, byPath, stamps, cache: next, links, shadowed, walkReports: sources.walkReports, aliased: sources.aliased, listings }, writeCache, dirty)
    } else if (dirty) writeCache()
    // In name order: the order files finish in depends on what the cache spared.
    const assets = new Map<string, string>()
    const outputs = new Map<string, OutputFile>()
    for (const name of names) {
      const { output, outputSize: size, integrity } = next.get(name)!
      assets.set(name, output)
      outputs.set(output, { size, integrity })
    }
    return { assets, files: outputs, warnings, links, shadowed, written: writtenCount, originals, unchanged: allSpared }
  }
  if (allSpared) {
    // Nothing changed: every file as the last build left it, its warnings said again.
    for (const file of files) {
      const entry = spared.get(file.name)!
      for (const message of entry.text?.warnings ?? []) report.warn(message)
      for (const description of entry.text?.broken ?? []) report.broken(description)
      finished(file, entry)
    }
    if (options.strict && broken.length > 0) throw brokenReferences(broken)
    return finish()
  }
  await jsLexerReady()
  const known = new Map(files.map((file) => [file.name, file]))
  const texts = createTextStore()
  // An original is its hashed file under a second name (a hard link), rewritten or not: one file
  // to create per source, and a page that names the original gets what the hashed file has.
  const emit = (parsed: ParsedFile, { name, output, hash, pieces, digest }: StaticOutput): void => {
    ready(output)
    const wrote = writeOutputFile(outDir, { path: output, bytes: pieces, alias: keepOriginals ? name : undefined })
    writtenCount += wrote
    noteOriginal(name, wrote)
    done(parsed.file, output, piecesSize(pieces), digest, hash)
  }
  const emitAsRead = (parsed: ParsedFile, bytes: Uint8Array): void => {
    const digest = contentDigest(bytes)
    emit(parsed, { name: parsed.file.name, output: hashedName(parsed.file.name, digest.hash), hash: digest.hash, pieces: [bytes], digest })
  }
  const parse = (file: StaticFile, bytes: Uint8Array): ParsedFile => {
    const info: CachedText = { scanned: false, refs: [], warnings: [], broken: [] }
    // What parsing says is kept with the file, and said again whenever the cache spares parsing it.
    const result = parseStaticFile(file, bytes, known, basePath, {
      warn(message) {
        info.warnings.push(message)
        report.warn(message)
      },
      broken(description) {
        info.broken.push(description)
        report.broken(description)
      },
    })
    textInfo.set(file.name, { ...info, scanned: result.scanned, refs: result.refs })
    return result
  }
  /** A file the last build parsed, as it parsed it (made only for a file that is rendered again). */
  const recall = (file: StaticFile, entry: CachedFile): ParsedFile => {
    const { scanned, refs } = entry.text!
    return texts.remember({ file, bytes: undefined, size: entry.stamp.size, scanned, refs }, entry.stamp)
  }
  const finals: ParsedFile[] = []
  /** Text files read and parsed by this build. */
  const parsed: ParsedFile[] = []
  for (const [index, file] of rest.entries()) {
    const entry = spared.get(file.name)
    if (entry !== undefined) {
      // Its warnings said again, as parsing it would.
      for (const message of entry.text!.warnings) report.warn(message)
      for (const description of entry.text!.broken) report.broken(description)
      textInfo.set(file.name, entry.text!)
    } else {
      const bytes = texts.read(file.path)
      const result = texts.remember(parse(file, bytes), stamps.get(file.name)!)
      parsed.push(result)
      // Strict builds write nothing until every reference is known to resolve.
      if (isFinalAsRead(result) && options.strict) finals.push(result)
      else if (isFinalAsRead(result)) emitAsRead(result, bytes)
    }
    options.onProgress?.('read', index + 1, rest.length)
  }
  if (options.strict && broken.length > 0) throw brokenReferences(broken)
  for (const final of finals) emitAsRead(final, texts.load(final))
  /** Files whose hash may differ from the last build's: what changed, then what refers to it. */
  const changed = new Set(parsed.map((result) => result.file.name))
  // Images, fonts and other files that are never rewritten: their hash depends on nothing else.
  for (const file of opaque) {
    const entry = spared.get(file.name)
    if (entry !== undefined) {
      finished(file, entry)
      continue
    }
    ready(file.name)
    const copied = copyOpaqueFile(outDir, file.path, file.name, keepOriginals ? file.name : undefined)
    writtenCount += copied.written
    noteOriginal(file.name, copied.written)
    if (cache?.get(file.name)?.hash !== copied.digest.hash) changed.add(file.name)
    done(file, copied.output, copied.size, copied.digest)
  }
  const graph = referenceGraph(textInfo)
  const cascade = referrersOf(changed, graph)
  const todo: ParsedFile[] = []
  for (const result of parsed) if (!next.has(result.file.name)) todo.push(result)
  for (const file of rest) {
    const entry = spared.get(file.name)
    if (entry === undefined) continue
    if (!cascade.has(file.name)) finished(file, entry)
    else {
      const result = recall(file, entry)
      if (isFinalAsRead(result)) emitAsRead(result, texts.load(result))
      else todo.push(result)
    }
  }
  const byName = new Map(todo.map((result) => [result.file.name, result]))
  if (todo.some((result) => result.refs.some((ref) => ref.kind === 'sourcemap'))) await sourceMapToolsReady()
  const referenceCount = (target: string): number => graph.referrers.get(target)?.length ?? 0
  hashStaticFiles(todo, (output) => emit(byName.get(output.name)!, output), (name) => next.get(name)?.hash, texts.load, referenceCount)
  return finish()
}

/** The files' names, sorted (the walk gives each dir's files in order, so this is mostly a check). */
function sortedNames(files: readonly StaticFile[]): string[] {
  const names = files.map((file) => file.name)
  for (let index = 1; index < names.length; index++) if (names[index - 1]! > names[index]!) return names.sort()
  return names
}

function addSpared(spared: Map<string, CachedFile>, file: StaticFile, entry: CachedFile | undefined): void {
  if (entry !== undefined) spared.set(file.name, entry)
}

function brokenReferences(broken: readonly string[]): AssetmapError {
  return new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
}

function addTo(lists: Map<string, string[]>, key: string, value: string): void {
  const list = lists.get(key)
  if (list === undefined) lists.set(key, [value])
  else list.push(value)
}

/** Who refers to each file (one entry per reference), and each file's own source maps. */
interface ReferenceGraph {
  referrers: Map<string, string[]>
  maps: Map<string, string[]>
}

function referenceGraph(texts: ReadonlyMap<string, CachedText>): ReferenceGraph {
  const graph: ReferenceGraph = { referrers: new Map(), maps: new Map() }
  for (const [name, text] of texts) {
    forEachReference(text, (target, kind) => {
      addTo(graph.referrers, target, name)
      if (kind === 'sourcemap') addTo(graph.maps, name, target)
    })
  }
  return graph
}

/**
 * `changed` and every file that refers to one of them, transitively: the files whose final bytes
 * may differ from the last build's (docs/design.md invariant 1: a hash covers the final bytes,
 * names of what a file refers to included). A member's own source map goes with it, as it is
 * recomposed with the file; a reference cycle is reached whole.
 */
function referrersOf(changed: ReadonlySet<string>, { referrers, maps }: ReferenceGraph): Set<string> {
  const cascade = new Set(changed)
  const queue = [...changed]
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    for (const other of [...(referrers.get(name) ?? []), ...(maps.get(name) ?? [])]) {
      if (cascade.has(other)) continue
      cascade.add(other)
      queue.push(other)
    }
  }
  return cascade
}
