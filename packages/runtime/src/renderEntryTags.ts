import { escapeHtml } from './escapeHtml.ts'
import type { EntryTagsOptions, ResolvedEntry } from './types.ts'

/** A tag's URL with the integrity of the file behind it. */
export interface TagTarget {
  url: string
  integrity: string | undefined
}

/** An entry whose paths are turned into tag targets. */
export interface EntryTargets {
  type: ResolvedEntry['type']
  js: TagTarget[]
  css: TagTarget[]
  preload: TagTarget[]
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
 * the page, and records it: a file shared by two entries gets one tag, and runs once.
 */
export class EmittedUrls {
  readonly #urls = new Set<string>()

  first(url: string): boolean {
    if (this.#urls.has(url)) return false
    this.#urls.add(url)
    return true
  }
}

/**
 * The tags that load an entry, one a line: stylesheets, then modulepreloads (module entries),
 * then `<script type="module">` or one `<script defer>` a file for classic entries. With
 * `emitted`, files already on the page are left out.
 */
export function renderEntryTags(entry: EntryTargets, options: EntryTagsOptions = {}, emitted?: EmittedUrls): string {
  const fresh = (target: TagTarget): boolean => emitted === undefined || emitted.first(target.url)
  const tags: string[] = []
  for (const css of entry.css.filter(fresh)) tags.push(`<link rel="stylesheet" href="${escapeHtml(css.url)}"${attributes(css, options)}>`)
  if (entry.type === 'module') {
    // A chunk the page already has as a script or a preload needs no preload.
    if (options.preload !== false) {
      for (const chunk of entry.preload.filter(fresh)) tags.push(`<link rel="modulepreload" href="${escapeHtml(chunk.url)}"${attributes(chunk, options)}>`)
    }
    for (const js of entry.js.filter(fresh)) tags.push(`<script type="module" src="${escapeHtml(js.url)}"${attributes(js, options)}></script>`)
  } else {
    for (const js of entry.js.filter(fresh)) tags.push(`<script src="${escapeHtml(js.url)}" defer${attributes(js, options)}></script>`)
  }
  return tags.join('\n')
}
