import { dirname, join } from 'node:path'
import { removeBuildCache, type CachedFile, type CachedText } from '../outDir/cacheFormat.ts'
import type { ContentDigest } from '../hash/contentDigest.ts'
import { makeOutputFolder } from '../outDir/outputFolder.ts'
import type { FileMap } from '../table/fileMap.ts'
import type { StaticFile } from '../table/types.ts'

/** What a `BuildLedger` is told of the build it records. */
export interface LedgerSettings {
  outDir: string
  /** Where finished files are recorded: a new map, or in a watch's quick rebuild the last build's, which the ledger changes in place. */
  records: FileMap<CachedFile>
  /** Whether this is a watch's quick rebuild. */
  quick: boolean
  /** How many files the build has, for `onProgress`. */
  total: number
  onProgress: ((phase: 'read' | 'write', done: number, total: number) => void) | undefined
  keepOriginals: boolean
  /** Whether a build cache vouched for the output folder (otherwise every original may be new). */
  cached: boolean
}

/**
 * What a static build did, file by file: each finished file as the next build's cache will know
 * it, the originals whose content may be new, how many files it wrote, and the output folders it
 * made sure of. The build decides what to do with each file; the ledger keeps the account.
 */
export class BuildLedger {
  /** Each finished file as the next build's cache will know it: in a quick rebuild, the last build's map, changed in place. */
  readonly next: FileMap<CachedFile>
  /** In a quick rebuild, the entries this build replaced, as they were. */
  readonly replaced: Map<string, CachedFile | undefined> = new Map()
  /** What parsing each text file found: this build's `ParsedFile`, or the cache's. */
  readonly textInfo: FileMap<CachedText>
  /** Logical names whose unhashed original may have new content (`StaticBuildResult.originals`). */
  readonly originals: string[] = []
  /** Files created or replaced in the output folder. */
  written: number = 0
  /** Output folders made sure of before a write: none when the build wrote nothing. */
  readonly folders: Set<string> = new Set()
  readonly #settings: LedgerSettings
  /** Quick: files rendered and written by this build (otherwise `next` holds only those and the spared ones). */
  readonly #rendered: Set<string> | undefined
  #finishedCount = 0

  constructor(settings: LedgerSettings) {
    this.#settings = settings
    this.next = settings.records
    this.textInfo = settings.records.sibling()
    this.#rendered = settings.quick ? new Set() : undefined
  }

  /** Whether `name` was rendered (or, outside a quick rebuild, finished) by this build. */
  renderedNow(name: string): boolean {
    return this.#rendered ? this.#rendered.has(name) : this.next.has(name)
  }

  /** Before writing `path` (relative to the output dir): its folder exists, and no cache vouches for a folder that is being changed. */
  ready(path: string): void {
    const { outDir } = this.#settings
    // Even when this build keeps no cache: one left by an earlier build no longer tells the truth.
    if (this.folders.size === 0) removeBuildCache(outDir)
    const folder = dirname(join(outDir, path))
    if (this.folders.has(folder)) return
    makeOutputFolder(outDir, folder)
    this.folders.add(folder)
  }

  /** Counts the files a write of `name`'s output created (0 when they were there), and notes its original if it may be new. */
  wrote(name: string, count: number): void {
    this.written += count
    if (this.#settings.keepOriginals && (count > 0 || !this.#settings.cached)) this.originals.push(name)
  }

  /** Records a file rendered and written (its output's name holds its hash, or its reference cycle's). */
  done(file: StaticFile, output: string, size: number, digest: ContentDigest): void {
    const text = this.textInfo.get(file.name)
    this.#rendered?.add(file.name)
    // No path nor stamp: the build's file and `StampColumn` have them.
    this.finished(file, { output, outputSize: size, integrity: digest.integrity, ...(text ? { text } : {}) })
  }

  /** Records a file as the next cache will know it: a new entry, or the last build's, spared (a quick rebuild keeps those where they are). */
  finished(file: StaticFile, entry: CachedFile): void {
    const { quick, onProgress, total } = this.#settings
    if (quick && !this.replaced.has(file.name)) this.replaced.set(file.name, this.next.get(file.name))
    this.next.set(file.name, entry)
    if (!quick) onProgress?.('write', ++this.#finishedCount, total)
  }
}
