import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'
import { runCliIn } from './cli.ts'
import { fixture, outputDir, repoRoot } from './paths.ts'
import { close, listen } from './servers.ts'

/** Lit and the packages it depends on, as npm installs them. */
const LIT_PACKAGES = ['lit', 'lit-html', 'lit-element', '@lit/reactive-element']

/**
 * A writable copy of `test/fixtures/importmap-app` with its own `node_modules` holding Lit and
 * its dependencies (links to the repository's installs): `--pin lit` resolves there, and stages
 * into that folder's `.cache`, apart from every other test's.
 */
export async function litProject(label: string): Promise<string> {
  const root = await outputDir(label)
  cpSync(fixture('importmap-app'), root, { recursive: true })
  for (const name of LIT_PACKAGES) {
    mkdirSync(join(root, 'node_modules', name, '..'), { recursive: true })
    symlinkSync(join(repoRoot, 'node_modules', name), join(root, 'node_modules', name), 'dir')
  }
  return root
}

/** What `assetmap build static --json …` printed, with the exit code. */
export interface JsonBuild {
  code: number | null
  stderr: string
  summary: { written: number; assets: number; warnings: string[] }
}

/** `assetmap build static --out <out> --json …flags`, run in `root`. */
export function buildProject(root: string, out: string, ...flags: string[]): JsonBuild {
  const { code, stdout, stderr } = runCliIn(root, 'build', 'static', '--out', out, '--json', ...flags)
  if (code !== 0) throw new Error(`assetmap build failed (${code}): ${stderr}`)
  return { code, stderr, summary: JSON.parse(stdout) as JsonBuild['summary'] }
}

/** The app server and a CDN-like server of the same output folder, each logging the paths it is asked for. */
export interface ImportMapSite {
  app: string
  cdn: string
  assets: Assets
  /** Paths requested from each origin, in order. */
  requests: { app: string[]; cdn: string[] }
  /** The CDN serves this body instead of the file's for any path that matches (a tampered copy). */
  tamper: { path: RegExp; body: string } | undefined
  close(): Promise<void>
}

/** The CSP nonce of every page: the map, the preloads and the scripts must carry it. */
export const NONCE = 'bm9uY2UtZm9yLXRlc3Rz'

/**
 * Serves `outDir` with @assetmap/serve from the app (`/static/`) and from a second origin (its
 * root), and renders `views/index.njk` at `/` under a strict CSP (`script-src 'nonce-…'
 * 'strict-dynamic'`): `/?cdn=1` switches the base to the CDN origin at run time.
 */
export async function serveImportMapApp(root: string, outDir: string): Promise<ImportMapSite> {
  const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: '/static/', dev: false })
  const env = addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(root, 'views')), { autoescape: true }), assets)
  const onWarning = (): void => {}
  const appFiles = serveAssets(assets, { prefix: '/static/', onWarning })
  const cdnFiles = serveAssets(assets, { onWarning })
  const site: ImportMapSite = { app: '', cdn: '', assets, requests: { app: [], cdn: [] }, tamper: undefined, close: async () => {} }
  const notFound = (response: ServerResponse) => () => response.writeHead(404).end()
  const cdn = await listen(
    createServer((request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url ?? '/', 'http://cdn.test').pathname
      site.requests.cdn.push(path)
      if (site.tamper?.path.test(path)) {
        response.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*', 'cache-control': 'no-store' }).end(site.tamper.body)
        return
      }
      cdnFiles(request, response, notFound(response))
    }),
  )
  const app = await listen(
    createServer((request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url ?? '/', 'http://app.test')
      if (url.pathname === '/favicon.ico') return response.writeHead(204).end()
      site.requests.app.push(url.pathname)
      if (url.pathname === '/') {
        const view = url.searchParams.has('cdn') ? assets.withBase(`${cdn.origin}/`) : assets
        try {
          const html = env.render('index.njk', { assets: view, cspNonce: NONCE })
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `script-src 'nonce-${NONCE}' 'strict-dynamic'` }).end(html)
        } catch (error) {
          response.writeHead(500).end(String(error))
        }
        return
      }
      if (url.pathname.startsWith('/static/')) return appFiles(request, response, notFound(response))
      response.writeHead(404).end()
    }),
  )
  site.app = app.origin
  site.cdn = cdn.origin
  site.close = async () => {
    assets.close()
    await close(app.server)
    await close(cdn.server)
  }
  return site
}

/** The manifest's hashed output path of a logical name. */
export function outputOf(outDir: string, name: string): string {
  const manifest = JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')) as { assets: Record<string, string> }
  const path = manifest.assets[name]
  if (path === undefined) throw new Error(`${name} is not in the manifest of ${outDir}`)
  return path
}

/** The Lit app built (`--pin lit`) into its own folder and served; `page` replaces its `views/index.njk`. */
export async function builtLitSite(label: string, page?: string): Promise<{ root: string; outDir: string; site: ImportMapSite }> {
  const root = await litProject(label)
  if (page !== undefined) writeFileSync(join(root, 'views', 'index.njk'), page)
  const outDir = await outputDir(`${label}-out`)
  buildProject(root, outDir, '--pin', 'lit')
  return { root, outDir, site: await serveImportMapApp(root, outDir) }
}
