import { escapeHtml } from './escapeHtml.ts'
import { nonceAttribute } from './nonceAttribute.ts'
import { preloadedFonts } from './linkHints.ts'
import { prefetchConcurrency, renderPrefetchScript } from './prefetchScript.ts'
import type { SentKind, SentLog } from './sentLog.ts'
import type { EntryTagsOptions, ResolvedEntry } from './types.ts'

/** A tag's URL with the integrity of the file behind it. */
export interface TagTarget {
  url: string
  integrity: string | undefined
  /** Bytes of the file (for the dev report). */
  size?: number | undefined
}

/** An entry whose paths are turned into tag targets. */
export interface EntryTargets {
  type: ResolvedEntry['type']
  js: TagTarget[]
  css: TagTarget[]
  preload: TagTarget[]
  /** The fonts its stylesheets name (see `ManifestEntry.fonts`). */
  fonts?: TagTarget[] | undefined
  /** Its lazy chunks and their CSS (see `ManifestEntry.lazy`). */
  lazy?: TagTarget[] | undefined
}

function attributes(target: TagTarget, options: EntryTagsOptions): string {
  let out = ''
  if (options.integrity !== false && target.integrity) out += ` integrity="${escapeHtml(target.integrity)}"`
  const crossorigin = options.crossorigin ?? 'anonymous'
  if (crossorigin !== false) out += ` crossorigin="${escapeHtml(crossorigin)}"`
  if (options.nonce) out += ` nonce="${escapeHtml(options.nonce)}"`
  return out
}

/**
 * The URLs already emitted on one page (see `Assets.page`). `first` says whether a URL is new to
 * the page, and records it: a file shared by two entries gets one tag, and runs once. With a
 * `log` (the dev report), each new URL is also listed with its kind and size.
 */
export class EmittedUrls {
  readonly #urls = new Set<string>()
  // Apart from `#urls`: a prefetch runs nothing, so an entry that loads the file still needs its tag.
  readonly #prefetched = new Set<string>()
  readonly log: SentLog | undefined
  /**
   * What the reload snippet compares on a page of several builds: every build's name and release,
   * so a deploy of any one of them counts as a new release (undefined: the build's own release).
   */
  readonly release: (() => string) | undefined

  constructor(log?: SentLog, release?: () => string) {
    this.log = log
    this.release = release
  }

  /** Whether the URL is new to the page; records it, and lists it in the report as `kind` when one is given. */
  first(url: string, kind?: SentKind, size?: number): boolean {
    if (this.#urls.has(url)) return false
    this.#urls.add(url)
    if (kind !== undefined) this.log?.file(kind, url, size)
    return true
  }

  /** Whether the page loads or prefetches the URL already; if not, records it as prefetched. */
  firstPrefetch(url: string, size?: number): boolean {
    if (this.#urls.has(url) || this.#prefetched.has(url)) return false
    this.#prefetched.add(url)
    this.log?.file('prefetch', url, size)
    return true
  }
}

/** A font preload: fonts are fetched with CORS whatever the tags say, so it has `crossorigin` always. */
function fontTag(font: TagTarget, options: EntryTagsOptions): string {
  const type = /\.woff2(?:[?#]|$)/i.test(font.url) ? ' type="font/woff2"' : ''
  // `anonymous` whatever the tags use: @font-face fetches send credentials to the same origin only, and so must the preload.
  return `<link rel="preload" href="${escapeHtml(font.url)}" as="font"${type} crossorigin="anonymous"${options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : ''}>`
}

/** The prefetch script for the lazy files the page does not have yet, or nothing. */
function prefetchTag(entry: EntryTargets, options: EntryTagsOptions, emitted: EmittedUrls | undefined): string[] {
  const concurrency = prefetchConcurrency(options.prefetch)
  if (concurrency === 0 || !entry.lazy) return []
  const fresh = entry.lazy.filter((file) => emitted === undefined || emitted.firstPrefetch(file.url, file.size))
  if (fresh.length === 0) return []
  return [renderPrefetchScript(fresh.map((file) => file.url), concurrency, options.crossorigin ?? 'anonymous', options.nonce)]
}

/**
 * The tags that load an entry, one a line: font preloads (when asked), stylesheets, then
 * modulepreloads (module entries), then `<script type="module">` or one `<script defer>` a file
 * for classic entries, then the prefetch script (when asked). With `emitted`, files already on
 * the page are left out.
 */
export function renderEntryTags(entry: EntryTargets, options: EntryTagsOptions = {}, emitted?: EmittedUrls): string {
  nonceAttribute(options.nonce, 'entryTags()')
  const tags: string[] = []
  if (options.fonts && entry.fonts) {
    for (const font of preloadedFonts(entry.fonts, (f) => f.url)) if (isNew(font, 'font', emitted)) tags.push(fontTag(font, options))
  }
  for (const css of entry.css) if (isNew(css, 'stylesheet', emitted)) tags.push(`<link rel="stylesheet" href="${escapeHtml(css.url)}"${attributes(css, options)}>`)
  if (entry.type === 'module') {
    // A chunk the page already has as a script or a preload needs no preload.
    if (options.preload !== false) {
      for (const chunk of entry.preload) if (isNew(chunk, 'modulepreload', emitted)) tags.push(`<link rel="modulepreload" href="${escapeHtml(chunk.url)}"${attributes(chunk, options)}>`)
    }
    for (const js of entry.js) if (isNew(js, 'script', emitted)) tags.push(`<script type="module" src="${escapeHtml(js.url)}"${attributes(js, options)}></script>`)
  } else {
    for (const js of entry.js) if (isNew(js, 'script', emitted)) tags.push(`<script src="${escapeHtml(js.url)}" defer${attributes(js, options)}></script>`)
  }
  if (entry.lazy) tags.push(...prefetchTag(entry, options, emitted))
  return tags.join('\n')
}

/** Whether a tag for `target` is due: always without a page, else only the first time on it. */
function isNew(target: TagTarget, kind: SentKind, emitted: EmittedUrls | undefined): boolean {
  return emitted === undefined || emitted.first(target.url, kind, target.size)
}
