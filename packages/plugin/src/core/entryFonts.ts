import { posix } from 'node:path'
import type { BundleMap } from './bundleMap.ts'
import type { ReadOutput } from './writeBuildManifest.ts'

const URL_REFERENCE = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g
const FONT_FILE = /\.(woff2?|ttf|otf)$/i

/**
 * The output paths of the fonts a stylesheet names: each `url()` to a font file that the build
 * wrote, resolved against the stylesheet's folder (or, for an absolute URL, against the public
 * path the bundler wrote into the CSS).
 */
export function cssFontReferences(css: string, cssPath: string, files: ReadonlySet<string>, publicPath?: string): string[] {
  const out: string[] = []
  for (const match of css.matchAll(URL_REFERENCE)) {
    const reference = (match[1] ?? match[2] ?? match[3] ?? '').replace(/[?#].*$/, '')
    if (!FONT_FILE.test(reference) || reference.startsWith('data:')) continue
    let path: string | undefined
    if (publicPath !== undefined && reference.startsWith(publicPath)) path = reference.slice(publicPath.length)
    else if (!/^([a-z][a-z0-9+.-]*:|\/)/i.test(reference)) path = posix.join(posix.dirname(cssPath), reference)
    if (path === undefined) continue
    try {
      path = decodeURIComponent(path)
    } catch {
      // A lone `%` is the file's own character.
    }
    if (files.has(path) && !out.includes(path)) out.push(path)
  }
  return out
}

/** woff2 before the other formats, otherwise in the order the CSS names them. */
function woff2First(fonts: string[]): string[] {
  return [...fonts.filter((font) => font.endsWith('.woff2')), ...fonts.filter((font) => !font.endsWith('.woff2'))]
}

/**
 * Records on each entry the fonts its stylesheets name (`ManifestEntry.fonts`), read from the
 * CSS the bundler wrote: the one place that says which font files an entry's pages use, for
 * Vite, Rollup and webpack alike (a bundler's own metadata lists a chunk's assets, fonts that only
 * JavaScript imports included).
 */
export async function addEntryFonts(map: BundleMap, read: ReadOutput, publicPath?: string): Promise<void> {
  const byStylesheet = new Map<string, string[]>()
  for (const entry of map.entries.values()) {
    const fonts: string[] = []
    for (const css of entry.css) {
      let found = byStylesheet.get(css)
      if (found === undefined) {
        found = cssFontReferences(Buffer.from(await read(css)).toString('utf8'), css, map.files, publicPath)
        byStylesheet.set(css, found)
      }
      for (const font of found) if (!fonts.includes(font)) fonts.push(font)
    }
    if (fonts.length > 0) entry.fonts = woff2First(fonts)
  }
}
