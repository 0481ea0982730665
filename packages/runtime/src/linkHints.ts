import type { EntryType, HintsOptions } from './types.ts'

/** One entry's files as URLs, as hints read them. */
export interface HintedEntry {
  type: EntryType
  js: readonly string[]
  css: readonly string[]
  preload: readonly string[]
  fonts: readonly string[]
  /** The SRI of each URL that has one (the tags' `integrity`). */
  integrity?: ReadonlyMap<string, string> | undefined
}

/**
 * What may not stand between `<` and `>` of a Link value as it is: controls, space, non-ASCII
 * (a header is Latin-1 at best), `<`, `>` and `"`. Nothing more is encoded: the browser uses a
 * hint only for the very URL its tag names, and the tags' URLs leave the rest as it is.
 */
const UNSAFE_IN_LINK = /[^\x21-\x7E]|[<>"]/gu

const FONT_TYPES: Record<string, string> = { woff2: 'font/woff2', woff: 'font/woff', ttf: 'font/ttf', otf: 'font/otf' }

function browserHref(url: string): string {
  try {
    return new URL(url).href
  } catch {
    return url
  }
}

/**
 * A URL as it may stand in `<…>` of a Link value, percent-encoded as the browser would write it
 * (a non-ASCII host in punycode), so the hint names the same URL as the tag.
 */
export function linkTarget(url: string): string {
  UNSAFE_IN_LINK.lastIndex = 0
  if (!UNSAFE_IN_LINK.test(url)) return url
  return (/^https?:\/\//i.test(url) ? browserHref(url) : url).replace(UNSAFE_IN_LINK, encodeURIComponent)
}

/** The `crossorigin` of a Link value or a tag, from the tags' option (`false`: none). */
export function crossoriginParam(crossorigin: HintsOptions['crossorigin']): string {
  const value = crossorigin ?? 'anonymous'
  if (value === false) return ''
  return value === 'use-credentials' ? '; crossorigin=use-credentials' : '; crossorigin'
}

/** The MIME type of a font file, by extension, for `type=`; undefined for an unknown one. */
export function fontType(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase()
  return extension === undefined ? undefined : FONT_TYPES[extension]
}

/**
 * The fonts worth preloading: the woff2 files when there are any (every browser that acts on a
 * preload reads woff2, so a `.woff` beside it would be fetched for nothing), else all of them.
 */
export function preloadedFonts<T>(fonts: readonly T[], urlOf: (font: T) => string): T[] {
  const woff2 = fonts.filter((font) => fontType(urlOf(font)) === 'font/woff2')
  return woff2.length > 0 ? woff2 : [...fonts]
}

/** A font preload's Link value; fonts are always fetched with CORS, so it always has `crossorigin`. */
function fontLink(url: string): string {
  const type = fontType(url)
  return `<${linkTarget(url)}>; rel=preload; as=font${type ? `; type=${type}` : ''}; crossorigin`
}

/** `; integrity="…"` when the tags have one: a preload whose integrity differs from its tag's is not used, and the file is fetched twice. */
function integrityParam(entry: HintedEntry, url: string, options: HintsOptions): string {
  const integrity = options.integrity === false ? undefined : entry.integrity?.get(url)
  return integrity === undefined ? '' : `; integrity="${integrity.replace(/["\\]/g, '')}"`
}

/** Link values for entries, each URL once, stylesheets first, then fonts, then scripts. */
export function entryHints(entries: readonly HintedEntry[], options: HintsOptions): string[] {
  const cors = crossoriginParam(options.crossorigin)
  const seen = new Set<string>()
  const styles: string[] = []
  const fonts: string[] = []
  const scripts: string[] = []
  const add = (list: string[], url: string, value: () => string): void => {
    if (seen.has(url)) return
    seen.add(url)
    list.push(value())
  }
  for (const entry of entries) {
    for (const url of entry.css) add(styles, url, () => `<${linkTarget(url)}>; rel=preload; as=style${cors}${integrityParam(entry, url, options)}`)
    if (options.fonts) for (const url of preloadedFonts(entry.fonts, (font) => font)) add(fonts, url, () => fontLink(url))
    const rel = entry.type === 'module' ? 'rel=modulepreload' : 'rel=preload; as=script'
    const js = entry.type === 'module' && options.preload !== false ? [...entry.preload, ...entry.js] : entry.js
    for (const url of js) add(scripts, url, () => `<${linkTarget(url)}>; ${rel}${cors}${integrityParam(entry, url, options)}`)
  }
  return [...styles, ...fonts, ...scripts]
}
