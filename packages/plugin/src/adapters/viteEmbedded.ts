import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Http2SecureServer } from 'node:http2'
import { relative, resolve, sep } from 'node:path'
import type { Assets } from '@assetmap/runtime'
import { AssetmapError, loadDevAssets, type DevServer } from '@assetmap/runtime/internal'
import type { InlineConfig, ViteDevServer } from 'vite'
import type { EmbeddedDevInfo } from './viteDevServer.ts'
import { crawl, stylesheetsOf, type ClientEnvironment } from './viteModuleGraphStyles.ts'
import { buildInputs } from './viteBuildInputs.ts'
import { errorPage, errorPayload } from './viteErrorOverlay.ts'
import { pageScripts } from './vitePageScripts.ts'

/** Options of {@link createDevServer}. */
export interface DevServerOptions {
  /** Your app's HTTP server (`http.createServer(app)`, Fastify's `fastify.server`): Vite's HMR WebSocket listens on it, so on your app's port. */
  server: Server | Http2SecureServer
  /** Vite's root. @default process.cwd() */
  root?: string
  /** Vite's config file, or `false` for none. @default the `vite.config.*` Vite finds in `root` */
  configFile?: string | false
  /** More Vite config, merged over the config file (`{ logLevel: 'warn' }`). @default {} */
  vite?: InlineConfig
}

/** Connect-style middleware, as Express, Connect and `node:http` take it. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void

/** Vite running inside your app. */
export interface EmbeddedDevServer {
  /** The resolver for templates, against this dev server: `addAssetmap(env, dev.assets)`. */
  assets: Assets
  /** Vite's middlewares (modules, `@vite/client`, static dirs); mount before your routes: `app.use(dev.middlewares)`. */
  middlewares: Middleware
  /**
   * Express error handler (`app.use(dev.errors)` after your routes): prints a render error in
   * the terminal and answers with a page that shows it in Vite's error overlay.
   */
  errors: (error: unknown, req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void
  /** Reports an error in the terminal and in the overlay of every open page. */
  reportError(error: unknown): void
  /** The Vite dev server itself. */
  vite: ViteDevServer
  /** Stops Vite (watchers, HMR socket); your server stays up. */
  close(): Promise<void>
}

/**
 * Starts Vite in middleware mode inside your app: modules, `@vite/client` and HMR's WebSocket on
 * your app's own origin and port, no second port, no CORS or `server.origin` to set. The config
 * file must include the assetmap plugin. `{% entry %}` then links each stylesheet the entry
 * imports, from Vite's module graph, so pages are styled before any module runs.
 * @throws AssetmapError `INVALID_OPTION` when the Vite config has no assetmap plugin.
 */
export async function createDevServer(options: DevServerOptions): Promise<EmbeddedDevServer> {
  const { createServer, mergeConfig } = await import('vite')
  const root = resolve(options.root ?? process.cwd())
  const inline: InlineConfig = { root, configFile: options.configFile, appType: 'custom', server: { middlewareMode: true, hmr: { server: options.server as Server } } }
  const vite = await createServer(options.vite ? mergeConfig(inline, options.vite) : inline)
  const plugin = vite.config.plugins.find((candidate) => candidate.name === 'assetmap:manifest') as { api?: { assetmapDevInfo?(root: string): Promise<EmbeddedDevInfo> } } | undefined
  const info = await plugin?.api?.assetmapDevInfo?.(vite.config.root)
  if (info === undefined) {
    await vite.close()
    throw new AssetmapError('INVALID_OPTION', `The Vite config ${vite.config.configFile ?? `in ${root}`} has no assetmap plugin: add assetmap() from '@assetmap/plugin/vite' to its plugins.`, {
      value: vite.config.configFile,
    })
  }
  const env = vite.environments.client as unknown as ClientEnvironment
  const entries = buildInputs(vite.config, root)
  const server: DevServer = {
    url: vite.config.base.endsWith('/') ? vite.config.base : `${vite.config.base}/`,
    root: info.root,
    static: info.static,
    // No inputs set (Vite's default index.html): no list to hold names to.
    entries: entries.length > 0 ? entries.map((file) => relative(info.root, file).split(sep).join('/')) : undefined,
    stylesheets(name) {
      return stylesheetsOf(env, resolve(info.root, name))
    },
  }
  const { DevAssets } = await loadDevAssets()
  const assets = new DevAssets(server, { manifest: undefined, manifestPath: undefined, outDir: undefined })
  // The same origin as the page: the plugins' scripts keep their root-relative URLs. The config is fixed for the server's life.
  const scripts = pageScripts(vite, '').then(
    (found) => void (server.pageScripts = found),
    (error: unknown) => vite.config.logger.warn(`assetmap: could not read the scripts Vite's plugins add to a page: ${String(error)}`),
  )
  // Before a page renders, every entry's modules are transformed, so its stylesheets are known.
  const ready = (): Promise<unknown> => Promise.all([scripts, ...entries.map((file) => crawl(env, vite.config.root, file))])
  const reportError = (error: unknown): void => {
    vite.config.logger.error(String((error as Error)?.stack ?? error), { error: error as Error })
    vite.environments.client.hot.send({ type: 'error', err: errorPayload(error) })
  }
  return {
    assets,
    vite,
    reportError,
    middlewares(req, res, next) {
      vite.middlewares(req, res, (error?: unknown) => (error ? next(error) : void ready().then(() => next(), next)))
    },
    errors(error, _req, res, next) {
      if (res.headersSent) return next(error)
      reportError(error)
      res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(errorPage(error, vite.config.base, res))
    },
    close: () => vite.close(),
  }
}
