import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { AssetmapError } from './AssetmapError.ts'
import { normalizeBaseUrl } from './normalizeBaseUrl.ts'

/** File the plugin writes into the output dir while the Vite dev server runs. */
export const DEV_FILE = 'assetmap.dev.json'

/** A static dir as the dev server serves it: files under `dir`, named `prefix/` + their path. */
export interface DevStaticDir {
  /** Absolute path of the folder. */
  dir: string
  /** Logical-name prefix without slashes, `''` for none. */
  prefix: string
}

/** A stylesheet an entry imports, as the dev server's module graph knows it. */
export interface DevStylesheet {
  /** The path the dev server serves it at, relative to its URL (`src/styles/main.css`). */
  path: string
  /** Vite's module id (the absolute file path), which Vite's client matches to hot-update the sheet in place. */
  id: string
}

/** A script the Vite config's plugins put into every page (`@vitejs/plugin-react`'s preamble), as `{% entry %}` writes it in dev. */
export interface DevPageScript {
  /** The `type` attribute (`module`); none for a classic script. */
  type?: string
  /** An absolute or root-relative URL: a script of its own. */
  src?: string
  /** Else the inline code. */
  code?: string
}

/** Where the running dev server is. */
export interface DevServer {
  /** `http://localhost:5173/`-style URL that module paths are appended to. */
  url: string
  /** Absolute path names are relative to (Vite's root, or the plugin's `root`), when the dev file says. */
  root?: string
  /** The static dirs the dev server serves, when the dev file says. */
  static?: DevStaticDir[]
  /**
   * The stylesheets entry `name` imports, directly or through its modules, when the dev server's
   * module graph is at hand (Vite embedded in the app), so `{% entry %}` links them and the page
   * is styled before any module runs.
   */
  stylesheets?: (name: string) => DevStylesheet[]
  /**
   * The scripts the Vite config's plugins inject into a page, when known: `{% entry %}` writes
   * them before `@vite/client`, so `@vitejs/plugin-react`'s Fast Refresh works as in an `index.html`.
   */
  pageScripts?: DevPageScript[]
  /** The build's entries (its inputs), when known: `{% entry %}` takes no other name, as with a build's manifest. */
  entries?: string[]
  /** The dev file's text, when read from one: a change means the resolver must be made again. */
  file?: string
}

function isStaticDir(value: unknown): value is DevStaticDir {
  return typeof value === 'object' && value !== null && typeof (value as DevStaticDir).dir === 'string' && typeof (value as DevStaticDir).prefix === 'string'
}

function isPageScript(value: unknown): value is DevPageScript {
  if (typeof value !== 'object' || value === null) return false
  const { type, src, code } = value as Record<string, unknown>
  return (type === undefined || typeof type === 'string') && (typeof src === 'string') !== (typeof code === 'string')
}

function isStylesheet(value: unknown): value is DevStylesheet {
  return typeof value === 'object' && value !== null && typeof (value as DevStylesheet).path === 'string' && typeof (value as DevStylesheet).id === 'string'
}

/** The dev file's `stylesheets` (entry name → its sheets), keeping only well-formed ones. */
function stylesheetsByEntry(value: unknown): Record<string, DevStylesheet[]> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const result: Record<string, DevStylesheet[]> = {}
  for (const [name, sheets] of Object.entries(value)) if (Array.isArray(sheets)) result[name] = sheets.filter(isStylesheet)
  return result
}

/** How `createAssets` decides on dev mode. */
export type DevMode = 'auto' | boolean

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * The dev server to use, if any. `ASSETMAP_DEV_SERVER` forces one. Otherwise, unless `mode` is
 * false, `assetmap.dev.json` counts only outside production (`NODE_ENV`) and only while the
 * process that wrote it lives, so a stale file never sends production users to localhost.
 */
export function findDevServer(outDir: string | undefined, mode: DevMode, fromEnv = true): DevServer | undefined {
  const forced = fromEnv ? process.env.ASSETMAP_DEV_SERVER : undefined
  if (forced) return { url: normalizeBaseUrl(forced) }
  if (mode === false || outDir === undefined) return undefined
  if (mode === 'auto' && process.env.NODE_ENV === 'production') return undefined
  const path = join(outDir, DEV_FILE)
  let data: { origin?: unknown; base?: unknown; pid?: unknown; root?: unknown; static?: unknown; entries?: unknown; stylesheets?: unknown; pageScripts?: unknown }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
    data = JSON.parse(text)
  } catch (error) {
    if (mode === true) {
      throw new AssetmapError('MANIFEST_NOT_FOUND', `dev: true, but there is no readable ${path}: start the Vite dev server with the assetmap plugin.`, { value: path, cause: error })
    }
    return undefined
  }
  if (typeof data.origin !== 'string' || typeof data.pid !== 'number' || !isAlive(data.pid)) return undefined
  const base = typeof data.base === 'string' && data.base.startsWith('/') ? data.base : '/'
  const server: DevServer = { url: normalizeBaseUrl(data.origin.replace(/\/+$/, '') + base), file: text }
  // Without a root (a dev file from an older plugin) names cannot be checked: they pass as before.
  if (typeof data.root === 'string' && isAbsolute(data.root)) {
    server.root = data.root
    server.static = Array.isArray(data.static) ? data.static.filter(isStaticDir) : []
  }
  if (Array.isArray(data.entries)) server.entries = data.entries.filter((entry): entry is string => typeof entry === 'string')
  if (Array.isArray(data.pageScripts)) server.pageScripts = data.pageScripts.filter(isPageScript)
  const sheets = stylesheetsByEntry(data.stylesheets)
  if (sheets !== undefined) server.stylesheets = (name) => (Object.hasOwn(sheets, name) ? sheets[name]! : [])
  return server
}
