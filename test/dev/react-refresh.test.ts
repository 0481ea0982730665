import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import type { Browser, Page } from 'playwright-core'
import { createServer as createViteServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAssetmap } from '@assetmap/nunjucks'
import { createAssets, type Assets } from '@assetmap/runtime'
import { DEV_FILE } from '@assetmap/runtime/internal'
import { createDevServer, type EmbeddedDevServer } from '@assetmap/plugin/dev'
import { launchChromium, problems, watchPage, type PageLog } from '../helpers/browser.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { close, listen } from '../helpers/servers.ts'
import { until } from '../helpers/until.ts'

const NONCE = 'r3act-n0nce'

/** Types into the component, edits its heading on disk: the page must update in place, state kept, nothing failing. */
async function expectRefreshKeepsState(browser: Browser, origin: string, app: string): Promise<void> {
  const page: Page = await browser.newPage()
  const log: PageLog = watchPage(page)
  await page.goto(`${origin}/`)
  await page.waitForSelector('#title')
  await page.fill('#name', 'Ada')
  expect(await page.textContent('#echo')).toBe('Ada')
  await page.evaluate(() => Object.assign(window, { notNavigated: true }))
  const file = join(app, 'src/App.jsx')
  writeFileSync(file, readFileSync(file, 'utf8').replace('Hello from React', 'Hello again'))
  await until(async () => (await page.textContent('#title')) === 'Hello again', 'the edited heading')
  expect(await page.inputValue('#name')).toBe('Ada')
  expect(await page.textContent('#echo')).toBe('Ada')
  expect(await page.evaluate(() => (window as unknown as { notNavigated?: boolean }).notNavigated)).toBe(true)
  expect(problems(log)).toEqual([])
  await page.close()
}

/** The fixture's page, rendered with a CSP that runs inline scripts only with the nonce; what they import is trusted through it ('strict-dynamic'). */
function renderPage(env: nunjucks.Environment, res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': `script-src 'nonce-${NONCE}' 'strict-dynamic'` })
  res.end(env.render('index.njk', { nonce: NONCE }))
}

async function fixtureCopy(label: string): Promise<string> {
  const app = join(await outputDir(label), 'app')
  cpSync(fixture('react-app'), app, { recursive: true })
  return app
}

function environment(app: string, assets: Assets): nunjucks.Environment {
  return addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(app, 'views')), { autoescape: true }), assets)
}

describe('a React app with Vite inside (one process): a component edit hot-updates with React Refresh, keeping state, in Chromium', () => {
  let app: string
  let origin: string
  let server: Server
  let dev: EmbeddedDevServer
  let browser: Browser

  beforeAll(async () => {
    app = await fixtureCopy('react-refresh')
    server = createServer()
    dev = await createDevServer({ server, root: app, vite: { logLevel: 'silent' } })
    const env = environment(app, dev.assets)
    server.on('request', (req, res) => dev.middlewares(req, res, (error) => (error ? dev.errors(error, req, res, () => res.end()) : renderPage(env, res))))
    ;({ origin } = await listen(server))
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await dev?.close()
    await close(server)
  })

  it('writes the React plugin’s preamble before @vite/client, with the nonce, once', async () => {
    const html = await (await fetch(`${origin}/`)).text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    expect(scripts).toEqual([`<script type="module" nonce="${NONCE}">`, `<script type="module" src="/@vite/client" nonce="${NONCE}">`, `<script type="module" src="/src/main.jsx" nonce="${NONCE}">`])
    expect(html).toContain('import { injectIntoGlobalHook } from "/@react-refresh"')
  }, 30_000)

  it('keeps the typed text in component state while an edit of the component’s text updates the page without navigating', async () => {
    await expectRefreshKeepsState(browser, origin, app)
  }, 30_000)
})

describe('the same React app beside `vite` (two processes): the preamble comes from the dev server’s origin, and React Refresh keeps state', () => {
  let app: string
  let origin: string
  let devOrigin: string
  let server: Server
  let vite: ViteDevServer
  let browser: Browser

  beforeAll(async () => {
    app = await fixtureCopy('react-refresh-beside')
    vite = await createViteServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { port: await freePort(), host: '127.0.0.1' } })
    await vite.listen()
    devOrigin = vite.resolvedUrls!.local[0]!.replace(/\/$/, '')
    await until(() => existsSync(join(app, 'dist', DEV_FILE)), 'assetmap.dev.json')
    const env = environment(app, createAssets({ manifest: join(app, 'dist/assetmap.json') }))
    ;({ origin, server } = await listen(createServer((_req, res) => renderPage(env, res))))
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await close(server)
    await vite?.close()
  })

  it('writes the preamble with its import on the dev server, before @vite/client, with the nonce', async () => {
    const html = await (await fetch(`${origin}/`)).text()
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script type="module" nonce="${NONCE}">`, `<script type="module" src="${devOrigin}/@vite/client" nonce="${NONCE}">`, `<script type="module" src="${devOrigin}/src/main.jsx" nonce="${NONCE}">`])
    expect(html).toContain(`import { injectIntoGlobalHook } from "${devOrigin}/@react-refresh"`)
  }, 30_000)

  it('keeps the typed text in component state while an edit of the component’s text updates the page without navigating', async () => {
    await expectRefreshKeepsState(browser, origin, app)
  }, 30_000)
})
