import { EmittedUrls } from './renderEntryTags.ts'
import { debugEnabled, SentLog } from './sentLog.ts'
import type { Assets, EntryTagsOptions, HintsOptions, Manifest, ResolvedEntry } from './types.ts'
import { OTHER_MAPS, renderImportMap, type ImportMapView, type MergingOptions } from './renderImportMap.ts'

/** A view that renders entry tags against a page's emitted URLs (the views `createAssets` makes). */
export interface PageableAssets extends Assets {
  renderEntryTags(name: string, options: EntryTagsOptions | undefined, emitted: EmittedUrls | undefined): string
}

/**
 * One page's scope over a view: entry tags skip the files that earlier entry tags of the page
 * emitted. Made per response, so it caches nothing of its own.
 */
export class PageView implements Assets {
  readonly #view: PageableAssets
  readonly #emitted: EmittedUrls
  /** The other builds whose modules this view's map also maps (a page of several builds). */
  readonly #otherMaps: (() => readonly ImportMapView[]) | undefined
  readonly isPage = true

  // The dev report's log is kept only when DEBUG asks for it: a production page records nothing.
  constructor(view: PageableAssets, emitted: EmittedUrls = new EmittedUrls(debugEnabled() ? new SentLog() : undefined), otherMaps?: () => readonly ImportMapView[]) {
    this.#view = view
    this.#emitted = emitted
    this.#otherMaps = otherMaps
  }

  get manifest(): Manifest {
    return this.#view.manifest
  }

  get manifestPath(): string | undefined {
    return this.#view.manifestPath
  }

  get outDir(): string | undefined {
    return this.#view.outDir
  }

  get baseUrl(): string {
    return this.#view.baseUrl
  }

  get dev(): boolean {
    return this.#view.dev
  }

  // A URL handed out here may go anywhere (a preload hint, an `<img>`, a JSON blob): only tags
  // the page's own entry tags emitted count as loaded, so `url()` never removes a script.
  url(name: string): string {
    return this.#view.url(name)
  }

  has(name: string): boolean {
    return this.#view.has(name)
  }

  integrity(name: string): string | undefined {
    return this.#view.integrity(name)
  }

  entry(name: string): ResolvedEntry {
    return this.#view.entry(name)
  }

  entryTags(name: string, options?: EntryTagsOptions): string {
    this.#emitted.log?.entry(name)
    return this.#view.renderEntryTags(name, options, this.#emitted)
  }

  hints(entries: string | readonly string[], options?: HintsOptions): string[] {
    const links = this.#view.hints(entries, options)
    const log = this.#emitted.log
    if (log !== undefined) for (const link of links) log.hint(link)
    return links
  }

  /** @internal What this page sent so far (kept while `DEBUG=assetmap`, see `describeSent`). */
  get sentLog(): SentLog | undefined {
    return this.#emitted.log
  }

  importMap(entries?: string | readonly string[], options: MergingOptions = {}): string {
    const others = options[OTHER_MAPS] ?? this.#otherMaps?.() ?? []
    return renderImportMap(this, entries, others.length === 0 ? options : { ...options, [OTHER_MAPS]: others }, this.#emitted)
  }

  withBase(baseUrl: string, build?: string): Assets {
    return new PageView(this.#view.withBase(baseUrl, build) as PageableAssets, this.#emitted, this.#otherMaps)
  }

  build(name: string): Assets {
    const view = this.#view.build(name)
    return view === this.#view ? this : new PageView(view as PageableAssets, this.#emitted)
  }

  page(): Assets {
    return new PageView(this.#view)
  }

  reload(): Manifest {
    return this.#view.reload()
  }

  close(): void {
    this.#view.close()
  }
}
