import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAssetmap } from '@assetmap/nunjucks'
import { createDevServer, type EmbeddedDevServer } from '@assetmap/plugin/dev'
import { launchChromium, problems, watchPage, type PageLog } from '../helpers/browser.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'
import { until } from '../helpers/until.ts'

const NONCE = 'r3act-n0nce'

describe('a React app with Vite inside (one process): a component edit hot-updates with React Refresh, keeping state, in Chromium', () => {
  let app: string
  let origin: string
  let server: Server
  let dev: EmbeddedDevServer
  let browser: Browser

  beforeAll(async () => {
    app = join(await outputDir('react-refresh'), 'app')
    cpSync(fixture('react-app'), app, { recursive: true })
    server = createServer()
    dev = await createDevServer({ server, root: app, vite: { logLevel: 'silent' } })
    const env = addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(app, 'views')), { autoescape: true }), dev.assets)
    server.on('request', (req, res) =>
      dev.middlewares(req, res, (error) => {
        if (error) return dev.errors(error, req, res, () => res.end())
        // Inline scripts run only with the nonce; what they import is trusted through it ('strict-dynamic').
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': `script-src 'nonce-${NONCE}' 'strict-dynamic'` })
        res.end(env.render('index.njk', { nonce: NONCE }))
      }),
    )
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
  }, 30_000)
})
