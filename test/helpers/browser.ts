import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with the network chatter this sandbox refuses turned off; `extraArgs` are added to its flags. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run \`apt-get install chromium\` (.ci/run does) or set CHROMIUM_PATH.`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', ...extraArgs],
  })
}

/** Everything a page did that a user would notice going wrong. */
export interface PageLog {
  failed: string[]
  errors: string[]
  responses: Array<{ url: string; status: number }>
  /** Response headers by URL. */
  headers: Map<string, Record<string, string>>
}

export function watchPage(page: Page): PageLog {
  const log: PageLog = { failed: [], errors: [], responses: [], headers: new Map() }
  page.on('requestfailed', (request) => log.failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`))
  page.on('response', (response) => {
    log.responses.push({ url: response.url(), status: response.status() })
    log.headers.set(response.url(), response.headers())
  })
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text())
  })
  page.on('pageerror', (error) => log.errors.push(error.message))
  return log
}

/** A page a user would call broken: a request that failed or got an error status, or an error in the console. */
export function problems(log: PageLog): string[] {
  return [...log.failed, ...log.responses.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.url}`), ...log.errors]
}

/** Where a page's assets are loaded from, as test titles name it. */
export const ORIGINS = { app: 'the app’s origin', cdn: 'a CDN origin chosen at run time' } as const

/** A site served twice: pages from the app's origin, and its output dir from a second, CDN-like origin. */
export interface TwoOriginSite {
  /** `http://127.0.0.1:<port>` of the app server: pages, plus the output dir under `/static/`. */
  app: string
  /** `http://127.0.0.1:<port>` of the CDN server: the output dir at its root, with CORS. */
  cdn: string
  close(): Promise<void>
}

/** How the app renders a page: `views` is a Nunjucks folder, `pages` maps URL paths to template names. */
export interface SiteOptions {
  outDir: string
  views: string
  pages: Record<string, string>
}

/**
 * Starts the CDN server and the app server on free ports. `GET <page>?cdn=1` renders the page with
 * the assets' base switched at run time to the CDN origin (as `ASSETMAP_BASE_URL` would), so one
 * build is checked from both origins.
 */
export async function serveTwoOrigins(options: SiteOptions): Promise<TwoOriginSite> {
  const [{ createServer }, { default: sirv }, { default: nunjucks }, { createAssets }, { addAssetmap }, { listen, close }] = await Promise.all([
    import('node:http'),
    import('sirv'),
    import('nunjucks'),
    import('@assetmap/runtime'),
    import('@assetmap/nunjucks'),
    import('./servers.ts'),
  ])
  const files = sirv(options.outDir, { dev: true, dotfiles: false })
  const cdn = await listen(
    createServer((request, response) => {
      response.setHeader('access-control-allow-origin', '*')
      files(request, response, () => response.writeHead(404).end())
    }),
  )
  const assets = createAssets({ manifest: `${options.outDir}/assetmap.json`, baseUrl: '/static/' })
  const env = addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(options.views), { autoescape: true }), assets)
  const app = await listen(
    createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://app.test')
      if (url.pathname === '/favicon.ico') return response.writeHead(204).end()
      const template = options.pages[url.pathname]
      if (template !== undefined) {
        const view = url.searchParams.has('cdn') ? assets.withBase(`${cdn.origin}/`) : assets
        try {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(env.render(template, { assets: view, title: template }))
        } catch (error) {
          response.writeHead(500).end(String(error))
        }
        return
      }
      if (url.pathname.startsWith('/static/')) {
        request.url = request.url!.slice('/static'.length)
        return files(request, response, () => response.writeHead(404).end())
      }
      response.writeHead(404).end()
    }),
  )
  return {
    app: app.origin,
    cdn: cdn.origin,
    close: async () => {
      await close(app.server)
      await close(cdn.server)
    },
  }
}

/** What a visit to one page saw. */
export interface Visit {
  page: Page
  log: PageLog
  /** Origin every asset request must go to. */
  origin: string
  /** Requests so far, besides the page itself, that went to another origin than `origin`. */
  strays(): string[]
  /** Output paths requested so far from `origin` (under `/static/` on the app's origin). */
  requested(): string[]
}

/**
 * Opens `path` of `site` with the assets' base on the app's origin or switched at run time to
 * the CDN origin, and waits for the network to settle and for `ready` (a browser-side predicate).
 * With a CDN base, lazy chunks, fonts and `new URL(…)` assets must follow the tags to the CDN.
 */
export async function visit({ browser, site }: BrowserSite, where: 'app' | 'cdn', path: string, ready: string | (() => unknown) = '() => true'): Promise<Visit> {
  const origin = where === 'app' ? site.app : site.cdn
  const url = `${site.app}${path}${where === 'cdn' ? '?cdn=1' : ''}`
  const page = await browser.newPage()
  const log = watchPage(page)
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.waitForFunction(ready, null, { timeout: 10_000 })
  await page.waitForLoadState('networkidle')
  const urls = (): string[] => log.responses.map((r) => r.url).filter((request) => request !== url)
  const strays = (): string[] => urls().filter((request) => new URL(request).origin !== origin)
  const requested = (): string[] => urls().filter((request) => request.startsWith(`${origin}/`)).map((request) => request.slice(origin.length + 1).replace(/^static\//, ''))
  return { page, log, origin, strays, requested }
}

/** Asserts what a user would call a clean page: no failed request, no error status, no console error, no asset from elsewhere. */
export function expectClean(seen: Visit): void {
  expect(problems(seen.log)).toEqual([])
  expect(seen.strays()).toEqual([])
}

/** A suite's Chromium and two-origin site, ready once its `beforeAll` has run. */
export interface BrowserSite {
  readonly browser: Browser
  readonly site: TwoOriginSite
}

/**
 * Registers, for the enclosing `describe`, a `beforeAll` that runs `build` (which returns where
 * the output and the views are) then starts Chromium and the two servers, and an `afterAll` that
 * stops them.
 */
export function useBrowserSite(build: () => Promise<SiteOptions>, timeout?: number): BrowserSite {
  const state: { browser?: Browser; site?: TwoOriginSite } = {}
  beforeAll(async () => {
    const options = await build()
    state.browser = await launchChromium()
    state.site = await serveTwoOrigins(options)
  }, timeout)
  afterAll(async () => {
    await state.browser?.close()
    await state.site?.close()
  })
  return {
    get browser() {
      return state.browser!
    },
    get site() {
      return state.site!
    },
  }
}
