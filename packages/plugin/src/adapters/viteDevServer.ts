import { rmSync, statSync, createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, relative, resolve, sep } from 'node:path'
import { resolveStaticDirs, writeFileAtomic } from '@assetmap/engine/internal'
import { CACHE_CONTROL, contentTypeFor, DEV_FILE } from '@assetmap/runtime/internal'
import { lookup } from 'mrmime'
import type { ResolvedOptions } from '../types.ts'
import { refreshMatcher } from '../core/refreshMatcher.ts'
import { buildInputs, type InputsConfig } from './viteBuildInputs.ts'
import { entryStylesheets } from './viteDevStylesheets.ts'
import { pageScripts, type HtmlTransformer } from './vitePageScripts.ts'
import { watchStaticDirs, type StaticUpdatePayload } from './viteStaticHmr.ts'

/** The parts of a Vite dev server the plugin uses. */
export interface ViteDevServerLike extends HtmlTransformer {
  config: { root: string; base: string; build: { outDir: string } & InputsConfig['build']; server: { origin?: string | undefined } }
  httpServer: { once(event: 'listening' | 'close', listener: () => void): unknown; address(): unknown } | null
  middlewares: { use(handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): unknown }
  watcher: { add(paths: string | string[]): unknown; on(event: 'change' | 'add' | 'unlink', listener: (file: string) => void): unknown }
  ws: { send(payload: StaticUpdatePayload): void; clients?: { size: number } }
  resolvedUrls: { local: string[] } | null
  environments: { client: unknown }
}

/** What `createDevServer` (viteEmbedded.ts) asks of the plugin in the Vite config, through the plugin's `api`. */
export interface EmbeddedDevInfo {
  /** Names are relative to it (the plugin's `root`, else Vite's). */
  root: string
  static: Array<{ dir: string; prefix: string }>
}

/** The plugin's root and static dirs for a Vite root. */
export function embeddedDevInfo(options: ResolvedOptions, viteRoot: string): EmbeddedDevInfo {
  const root = options.root ?? viteRoot
  return { root: resolve(root), static: resolveStaticDirs(options.static, root) }
}

/**
 * Serves static dirs unhashed under their logical names (`/css/site.css`), so templates work
 * against the dev server exactly as against a build. Only files inside a static dir are sent.
 */
function staticDirsMiddleware(options: ResolvedOptions, root: string) {
  const dirs = resolveStaticDirs(options.static, root)
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (dirs.length === 0 || (req.method !== 'GET' && req.method !== 'HEAD')) return next()
    let name: string
    try {
      name = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]!).replace(/^\/+/, '')
    } catch {
      return next()
    }
    if (name.split('/').some((segment) => segment === '..' || segment.startsWith('.')) || name.includes('\0') || name.includes('\\')) return next()
    for (const { dir, prefix } of dirs) {
      if (prefix && !name.startsWith(`${prefix}/`)) continue
      const path = resolve(dir, prefix ? name.slice(prefix.length + 1) : name)
      if (!path.startsWith(dir + sep)) continue
      const stats = statSync(path, { throwIfNoEntry: false })
      if (!stats?.isFile()) continue
      res.writeHead(200, { 'Content-Type': contentTypeFor(path, lookup), 'Content-Length': stats.size, 'Cache-Control': CACHE_CONTROL.revalidate, 'Access-Control-Allow-Origin': '*' })
      if (req.method === 'HEAD') res.end()
      else createReadStream(path).pipe(res)
      return
    }
    next()
  }
}

/**
 * While `vite` (dev) runs: `assetmap.dev.json` (origin, base, pid) in the output dir, removed
 * when the server closes or the process is stopped; static dirs served unhashed; a full page
 * reload when a server template matching `refresh` changes.
 */
export function configureDevServer(server: ViteDevServerLike, options: ResolvedOptions): void {
  const root = options.root ?? server.config.root
  server.middlewares.use(staticDirsMiddleware(options, root))
  watchStaticDirs(server, resolveStaticDirs(options.static, root))
  if (options.refresh.length > 0) {
    const templates = refreshMatcher(root, options.refresh)
    server.watcher.add(templates.watchDirs)
    const reload = (file: string): void => {
      if (templates.matches(file)) server.ws.send({ type: 'full-reload', path: '*' })
    }
    server.watcher.on('change', reload)
    server.watcher.on('add', reload)
  }
  const devFile = join(resolve(root, server.config.build.outDir), DEV_FILE)
  const remove = (): void => rmSync(devFile, { force: true })
  // Stopped by a signal, the process runs no 'exit' handlers: remove the file, then let the signal do its default.
  const onSignal = (signal: NodeJS.Signals) => (): void => {
    remove()
    process.kill(process.pid, signal)
  }
  const onInterrupt = onSignal('SIGINT')
  const onTerminate = onSignal('SIGTERM')
  let state = 'starting' as 'starting' | 'listening' | 'closed'
  // A call, so that the check after an await reads the state of then.
  const closed = (): boolean => state === 'closed'
  let written = ''
  let timer: NodeJS.Timeout | undefined
  const write = async (): Promise<void> => {
    const origin = (server.config.server.origin ?? server.resolvedUrls?.local[0] ?? '').replace(/\/+$/, '')
    // root and static let the runtime check that a name exists, as a build's manifest would;
    // stylesheets let it link each entry's CSS, so the backend's pages are styled before any module runs.
    const stylesheets = await entryStylesheets(server, root).catch(() => ({}))
    // entries: the build inputs, so that a name `{% entry %}` takes in dev is one the build will have.
    const inputs = buildInputs(server.config, server.config.root).map((file) => relative(root, file).split(sep).join('/'))
    // pageScripts: what the config's plugins inject into a page (React's preamble), from the dev server's origin.
    const scripts = await pageScripts(server, origin).catch(() => undefined)
    const dev = { origin, base: server.config.base, pid: process.pid, root: resolve(root), static: resolveStaticDirs(options.static, root), ...(inputs.length > 0 && { entries: inputs }), stylesheets, ...(scripts && { pageScripts: scripts }) }
    const text = `${JSON.stringify(dev, null, 2)}\n`
    if (state !== 'listening' || text === written) return
    written = text
    await writeFileAtomic(devFile, text)
    if (closed()) remove()
  }
  // An edit may add or drop a stylesheet import: look again once the edits settle.
  server.watcher.on('change', () => {
    clearTimeout(timer)
    if (state === 'listening') timer = setTimeout(() => void write(), 100)
  })
  server.httpServer?.once('listening', () => {
    state = 'listening'
    void write()
    process.once('SIGINT', onInterrupt)
    process.once('SIGTERM', onTerminate)
    process.once('exit', remove)
  })
  server.httpServer?.once('close', () => {
    state = 'closed'
    clearTimeout(timer)
    remove()
    process.off('SIGINT', onInterrupt)
    process.off('SIGTERM', onTerminate)
    process.off('exit', remove)
  })
}
