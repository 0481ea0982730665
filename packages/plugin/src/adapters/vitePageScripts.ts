import type { DevPageScript } from '@assetmap/runtime/internal'

/** The smallest page: what Vite's `transformIndexHtml` adds to it is what the config's plugins inject into every page. */
const EMPTY_PAGE = '<!doctype html><html><head></head><body></body></html>'
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi
const ATTRIBUTE = /([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g
/** A root-relative specifier in an inline module: `from "/@react-refresh"`, `import("/x")`. */
const ROOT_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(["'])\/(?!\/)/g

/** The parts of a Vite dev server this reads. */
export interface HtmlTransformer {
  transformIndexHtml(url: string, html: string): Promise<string>
}

/**
 * The scripts the Vite config's plugins put into a page (`@vitejs/plugin-react`'s Fast Refresh
 * preamble, for one), found by letting Vite transform an empty page, so `{% entry %}` writes
 * them as Vite would into an `index.html`. `@vite/client` is left out: the runtime writes it.
 * `origin` (a dev server beside the app) is prefixed to root-relative URLs, which would
 * otherwise point at the app.
 */
export async function pageScripts(server: HtmlTransformer, origin: string): Promise<DevPageScript[]> {
  const html = await server.transformIndexHtml('/', EMPTY_PAGE)
  const scripts: DevPageScript[] = []
  for (const [, attributeText, code] of html.matchAll(SCRIPT)) {
    const attributes: Record<string, string> = {}
    for (const [, name, double, single, bare] of attributeText!.matchAll(ATTRIBUTE)) attributes[name!.toLowerCase()] = double ?? single ?? bare ?? ''
    const { src, type } = attributes
    if (src !== undefined && /\/@vite\/client$/.test(src)) continue
    const script: DevPageScript = type === undefined ? {} : { type }
    if (src !== undefined) script.src = src.startsWith('/') && !src.startsWith('//') ? origin + src : src
    else script.code = origin === '' ? code! : code!.replace(ROOT_SPECIFIER, `$1$2${origin}/`)
    scripts.push(script)
  }
  return scripts
}
