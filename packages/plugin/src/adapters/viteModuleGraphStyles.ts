import { relative, resolve, sep } from 'node:path'
import type { DevStylesheet } from '@assetmap/runtime/internal'

/** The parts of a Vite module graph node the walk reads. */
export interface GraphModule {
  id: string | null
  url: string
  file: string | null
  importedModules: Set<GraphModule>
  transformResult: unknown
}

/** The parts of Vite's client environment the walk uses. */
export interface ClientEnvironment {
  moduleGraph: { getModulesByFile(file: string): Set<GraphModule> | undefined }
  transformRequest(url: string): Promise<unknown>
}

const CSS = /\.(css|less|sass|scss|styl|stylus|pcss|postcss|sss)(?:$|\?)/
/** Imports of CSS that do not put a stylesheet on the page. */
const NOT_A_SHEET = /[?&](?:inline|url|raw|direct|worker|sharedworker)\b/

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

/** The URL Vite serves a file at, without its base: root-relative, else under `/@fs/`. */
export function fileUrl(viteRoot: string, file: string): string {
  const path = relative(viteRoot, file)
  return path.startsWith('..') || resolve(viteRoot, path) !== file ? `/@fs${toPosix(file).replace(/^(?!\/)/, '/')}` : `/${toPosix(path)}`
}

/** The module of the file itself (no query), as the browser or a crawl loaded it. */
function moduleOf(env: ClientEnvironment, file: string): GraphModule | undefined {
  for (const module of env.moduleGraph.getModulesByFile(toPosix(file)) ?? []) if (!module.url.includes('?')) return module
  return undefined
}

/** A static `import "…"` or `… from "…"` as import analysis writes it (a quoted URL), not `import("…")`. */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*["']([^"'?]+)[^"']*["']/g

/** The statically imported URLs of each module, for the transformed code they were read from. */
const staticUrlsCache = new WeakMap<GraphModule, { code: string; urls: Set<string> }>()

/**
 * Static imports only: a dynamic import's CSS arrives with its chunk, in production too. Vite's
 * `staticImportedUrls` lists dynamic imports as well (Vite 8), so the transformed code tells:
 * import analysis writes every specifier as a quoted URL, `import "…"`/`from "…"` for a static
 * import and `import("…")` for a dynamic one.
 */
function staticImports(module: GraphModule): GraphModule[] {
  const code = (module.transformResult as { code?: unknown } | null | undefined)?.code
  if (typeof code !== 'string') return [...module.importedModules]
  let cached = staticUrlsCache.get(module)
  if (cached?.code !== code) {
    cached = { code, urls: new Set(Array.from(code.matchAll(STATIC_IMPORT), (match) => match[1]!)) }
    staticUrlsCache.set(module, cached)
  }
  const urls = cached.urls
  return [...module.importedModules].filter((child) => urls.has(child.url))
}

/**
 * The stylesheets the module of `file` imports, directly or through its static imports, in
 * import order, as the module graph knows them now (sync: called while a template renders).
 */
export function stylesheetsOf(env: ClientEnvironment, file: string): DevStylesheet[] {
  const sheets: DevStylesheet[] = []
  const seen = new Set<GraphModule>()
  const visit = (module: GraphModule): void => {
    if (seen.has(module)) return
    seen.add(module)
    if (module.id !== null && CSS.test(module.id) && !NOT_A_SHEET.test(module.id)) {
      sheets.push({ path: module.url.replace(/^\/+/, ''), id: module.id })
      return
    }
    for (const child of staticImports(module)) visit(child)
  }
  const entry = moduleOf(env, file)
  if (entry !== undefined) visit(entry)
  return sheets
}

/**
 * Transforms the module of `file` and its static imports that are not transformed yet (first
 * render, or after an edit invalidated them), so that `stylesheetsOf` sees the whole tree.
 * A module that fails to transform is left to Vite, which reports it when the browser asks.
 */
export async function crawl(env: ClientEnvironment, viteRoot: string, file: string): Promise<void> {
  const seen = new Set<GraphModule>()
  const visit = async (url: string, module: GraphModule | undefined): Promise<void> => {
    if (module !== undefined && (seen.has(module) || (module.id !== null && CSS.test(module.id)))) return
    if (module === undefined || module.transformResult == null) {
      try {
        await env.transformRequest(url)
      } catch {
        return
      }
    }
    const loaded = module ?? moduleOf(env, file)
    if (loaded === undefined || seen.has(loaded)) return
    seen.add(loaded)
    await Promise.all(staticImports(loaded).map((child) => visit(child.url, child)))
  }
  await visit(fileUrl(viteRoot, file), moduleOf(env, file))
}
