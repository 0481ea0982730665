import { importMapOn } from '../table/importMapMode.ts'
import { piecesSize } from '../hash/applyEdits.ts'
import { sourceMapToolsReady } from '../hash/composeSourceMap.ts'
import { contentDigest } from '../hash/contentDigest.ts'
import { hashStaticFiles, type StaticOutput } from '../hash/hashStaticFiles.ts'
import { forEachReference, saidSomething, type CachedFile, type CachedText } from '../outDir/cacheFormat.ts'
import { parseStaticFile, type ParsedFile } from '../parse/parseStaticFile.ts'
import { createTextStore, type TextStore } from '../parse/textStore.ts'
import type { BuildPlan } from '../plan/planBuild.ts'
import { addReferences, referenceCounter, referenceGraph, referrersOf, removeReferences, type ReferenceGraph } from '../plan/referenceGraph.ts'
import { MAP_LIKE } from '../table/fileKinds.ts'
import type { FileMap } from '../table/fileMap.ts'
import { hashedName, hashIn } from '../table/hashedName.ts'
import { sourceMapIndex } from '../table/linkedReferences.ts'
import type { StaticFile } from '../table/types.ts'
import type { BuildLedger } from '../write/buildLedger.ts'
import { copyOpaqueFile, writeOutputFile } from '../write/writeOutputFiles.ts'
import { brokenReferences } from './finishStatic.ts'

/** A static build that has something to redo: its plan, its ledger, and how it reads, parses and writes a file. */
export interface StaticRun {
  plan: BuildPlan
  ledger: BuildLedger
  texts: TextStore
  /** Writes a rendered file (and its original) and records it. */
  emit(parsed: ParsedFile, output: StaticOutput): void
  /** Writes a file whose bytes are final as read. */
  emitAsRead(parsed: ParsedFile, bytes: Uint8Array): void
  /** Parses a text file, keeping what parsing says with it (said again whenever the cache spares parsing it). */
  parse(file: StaticFile, bytes: Uint8Array): ParsedFile
}

/** What the read phase found: text files read and parsed, what each said before (quick), and files final as read held back by a strict build. */
export interface ReadFiles {
  parsed: ParsedFile[]
  parsedBefore: Map<string, CachedText | undefined>
}

/** Whether a file is final as read: nothing to rewrite, and not a source map a rewritten file may recompose. */
function isFinalAsRead(parsed: ParsedFile): boolean {
  return parsed.refs.length === 0 && !MAP_LIKE.test(parsed.file.name)
}

/** A build with nothing to redo: every file as the last build left it, its warnings said again. */
export function sayAgain(plan: BuildPlan, ledger: BuildLedger): void {
  const { quick, layout, report, spared } = plan
  if (quick) for (const file of layout.inRestOrder([...plan.noted!].map((name) => layout.known.get(name)!))) report.repeat(ledger.next.get(file.name)!.text)
  else {
    for (const file of plan.sources.files) {
      const entry = spared(file.name)!
      report.repeat(entry.text)
      ledger.finished(file, entry)
    }
  }
  if (plan.options.strict && report.broken.length > 0) throw brokenReferences(report.broken)
}

export function startRun(plan: BuildPlan, ledger: BuildLedger): StaticRun {
  const { outDir, keepOriginals, layout, report, sources } = plan
  const basePath = plan.options.basePath ?? '/static/'
  const importMap = importMapOn(plan.options.importMap)
  const texts = createTextStore((parsed) => sources.stamps.at(parsed.file.index))
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
  const parseReport = { warn: report.warn, broken: report.broke }
  const parse = (file: StaticFile, bytes: Uint8Array): ParsedFile => {
    const result = parseStaticFile(file, bytes, layout.known, basePath, parseReport, importMap)
    ledger.textInfo.set(file.name, result)
    return result
  }
  return { plan, ledger, texts, emit, emitAsRead, parse }
}

/** Reads and parses the text files the plan does not spare (quick: only the changed ones, and those whose warnings are said again, in the same order). */
export function readChanged(run: StaticRun): ReadFiles {
  const { plan, ledger, texts } = run
  const { quick, layout, report, spared, isText, options, sources } = plan
  const { known, rest } = layout
  const finals: ParsedFile[] = []
  const parsed: ParsedFile[] = []
  const parsedBefore = new Map<string, CachedText | undefined>()
  const reading = quick ? layout.inRestOrder(new Set([...plan.stale, ...plan.noted!].flatMap((name) => (isText(known.get(name)!) ? [known.get(name)!] : [])))) : rest
  for (const [index, file] of reading.entries()) {
    const entry = spared(file.name)
    if (entry !== undefined) {
      // Its warnings said again, as parsing it would.
      report.repeat(entry.text)
      ledger.textInfo.set(file.name, entry.text!)
    } else {
      if (quick) parsedBefore.set(file.name, ledger.next.get(file.name)?.text)
      const bytes = texts.read(file.path, sources.stamps.size(file.index))
      const result = texts.remember(run.parse(file, bytes))
      parsed.push(result)
      // Strict builds write nothing until every reference is known to resolve.
      if (isFinalAsRead(result) && options.strict) finals.push(result)
      else if (isFinalAsRead(result)) run.emitAsRead(result, bytes)
    }
    if (!quick) options.onProgress?.('read', index + 1, rest.length)
  }
  if (quick) options.onProgress?.('read', rest.length, rest.length)
  if (options.strict && report.broken.length > 0) throw brokenReferences(report.broken)
  for (const final of finals) run.emitAsRead(final, texts.load(final))
  return { parsed, parsedBefore }
}

/**
 * Files whose hash may differ from the last build's: what changed, then what refers to it (a
 * source map a file named last time is recomposed with it no more, or with it only). Followed
 * only when a file the cache spared may have to be rendered again, or a watch keeps the
 * references: a build that spares nothing renders every file anyway.
 */
export function changedFiles({ plan }: StaticRun, { parsed, parsedBefore }: ReadFiles, watched: boolean): Set<string> | undefined {
  const { quick, cache, layout } = plan
  if (!(quick !== undefined || watched || plan.sparedCount > 0)) return undefined
  const changed = new Set(parsed.map((result) => result.file.name))
  for (const { file } of parsed) {
    const before = quick ? parsedBefore.get(file.name) : cache?.get(file.name)?.text
    if (before !== undefined) forEachReference(before, (target, kind) => kind === 'sourcemap' && layout.known.has(target) && changed.add(target))
  }
  return changed
}

/** Copies images, fonts and other files that are never rewritten (their hash depends on nothing else), noting in `changed` those whose output changed. */
export function copyOpaque({ plan, ledger }: StaticRun, changed: Set<string> | undefined): void {
  const { quick, layout, spared, isText, cache, outDir, keepOriginals } = plan
  for (const file of quick ? [...plan.stale].map((name) => layout.known.get(name)!).filter((file) => !isText(file)) : layout.opaque) {
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
}

/** The references among the text files after this build: a watch's, updated for the files parsed again; otherwise made when a cascade needs them. */
export function graphAfter({ plan, ledger }: StaticRun, { parsedBefore }: ReadFiles, changed: Set<string> | undefined): ReferenceGraph | undefined {
  const graph = plan.graphBefore
  if (graph === undefined) return changed === undefined ? undefined : referenceGraph(ledger.textInfo)
  for (const [name, text] of parsedBefore) {
    if (text !== undefined) removeReferences(graph, name, text)
    addReferences(graph, name, ledger.textInfo.get(name)!)
    if (saidSomething(ledger.textInfo.get(name))) plan.noted!.add(name)
    else plan.noted!.delete(name)
  }
  return graph
}

/** Renders and writes the parsed files and those the cascade reaches from the changed ones; the rest of the spared text files are recorded as they were. */
export async function renderCascade(run: StaticRun, { parsed }: ReadFiles, graph: ReferenceGraph | undefined, changed: Set<string> | undefined): Promise<void> {
  const { plan, ledger, texts } = run
  const { quick, layout, spared, isText, sparedCount, sources } = plan
  const { known } = layout
  const cascade = graph && changed ? referrersOf(changed, graph) : new Set<string>()
  // In walk order when nothing was spared (parsed files are added in walk order): an array slot
  // per file, not a second map of names. Otherwise in the order added, the cascade's last.
  const todo: FileMap<ParsedFile> | Map<string, ParsedFile> = sparedCount === 0 && !quick ? plan.records.sibling() : new Map()
  for (const result of parsed) if (!ledger.renderedNow(result.file.name)) todo.set(result.file.name, result)
  const candidates = quick ? layout.inRestOrder([...cascade].flatMap((name) => (isText(known.get(name)!) ? [known.get(name)!] : []))) : sparedCount > 0 ? layout.rest : []
  for (const file of candidates) {
    const entry = spared(file.name)
    if (entry === undefined) continue
    if (!cascade.has(file.name)) ledger.finished(file, entry)
    else {
      ledger.textInfo.set(file.name, entry.text!)
      const result = recall(file, entry, sources.stamps.size(file.index))
      if (isFinalAsRead(result)) run.emitAsRead(result, texts.load(result))
      else todo.set(file.name, result)
    }
  }
  for (const result of todo.values()) {
    if (sourceMapIndex(result.refs) === -1) continue
    await sourceMapToolsReady()
    break
  }
  const referenceCount = graph ? (target: string): number => graph.referrers.get(target)?.length ?? 0 : referenceCounter(ledger.textInfo.values())
  // A file to render is not done until emitted (a quick rebuild's map still holds its last entry).
  const hashOf = (name: string): string | undefined => {
    const entry = todo.has(name) && !ledger.renderedNow(name) ? undefined : ledger.next.get(name)
    return entry && hashIn(name, entry.output)
  }
  hashStaticFiles(todo, (output) => run.emit(todo.get(output.name)!, output), hashOf, texts.load, referenceCount)
}

/** A file the last build parsed, as it parsed it (made only for a file that is rendered again). */
function recall(file: StaticFile, entry: CachedFile, size: number): ParsedFile {
  const { scanned, refs, warnings, broken } = entry.text!
  return { file, bytes: undefined, size, scanned, refs, warnings, broken }
}
