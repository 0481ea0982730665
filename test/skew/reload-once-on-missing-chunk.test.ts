import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import nunjucks from 'nunjucks'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'
import { launchChromium } from '../helpers/browser.ts'
import { buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'
import { until } from '../helpers/until.ts'

const root = fixture('skew-app')

interface Report {
  url: string
  release: string
  reloaded: boolean
}

/** The app: the page (under a nonce-only CSP), its build under /static/, and /log for the reports the page sends. */
async function serveApp(assets: Assets) {
  const seen = { pages: 0, reports: [] as Report[] }
  const app = express()
  addAssetmap(nunjucks.configure(join(root, 'views'), { autoescape: true, express: app }), assets)
  app.use('/static', serveAssets(assets, { onWarning: () => {} }))
  app.get('/favicon.ico', (_req, res) => res.status(204).end())
  app.post('/log', express.text({ type: '*/*' }), (req, res) => {
    seen.reports.push(JSON.parse(req.body as string) as Report)
    res.status(204).end()
  })
  app.get('/', (_req, res) => {
    seen.pages++
    const cspNonce = randomBytes(12).toString('base64')
    res.setHeader('content-security-policy', `script-src 'nonce-${cspNonce}' 'strict-dynamic'`)
    res.render('page.njk', { cspNonce })
  })
  const { origin, server } = await listen(app)
  return { origin, seen, close: () => close(server) }
}

const bundlers = {
  vite: async (outDir: string) => buildWithVite(root, outDir, {}, { build: { rollupOptions: { input: [join(root, 'src/main.js')] } } }),
  webpack: async (outDir: string) => void (await buildWithWebpack(root, outDir, {}, { entry: { main: './src/main.js' }, devtool: false })),
}

describe.each(Object.keys(bundlers))('a lazy chunk deleted after the page loaded (%s)', (bundler) => {
  let browser: Browser
  let assets: Assets
  let app: Awaited<ReturnType<typeof serveApp>>
  let outDir: string

  beforeAll(async () => {
    outDir = await outputDir(`skew-${bundler}`)
    await bundlers[bundler as keyof typeof bundlers](outDir)
    assets = createAssets({ manifest: outDir, baseUrl: '/static/', dev: false })
    app = await serveApp(assets)
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
  })

  /** The output path of the lazy chunk: the one JavaScript file no entry loads. */
  function lazyChunk(): string {
    const loaded = new Set(Object.values(assets.manifest.entries).flatMap((entry) => [...entry.js, ...entry.preload]))
    const path = Object.keys(assets.manifest.files).find((file) => file.endsWith('.js') && !loaded.has(file))
    if (path === undefined) throw new Error(`no lazy chunk among ${Object.keys(assets.manifest.files).join(', ')}`)
    return path
  }

  async function open(page: Page): Promise<void> {
    await page.goto(`${app.origin}/`)
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'yes')
  }

  it('leaves a failure while offline to the app: no report, no reload', async () => {
    const page = await browser.newPage()
    await open(page)
    await page.context().setOffline(true)
    const failure = page.waitForEvent('pageerror')
    await page.click('#open')
    expect((await failure).message).toMatch(/dynamically imported module|Unable to preload CSS|Loading (CSS )?chunk .* failed/)
    expect([app.seen.pages, app.seen.reports]).toEqual([1, []])
    await page.context().close()
  })

  it('reloads the page once, reports it, and does not loop on a second failure', async () => {
    const page = await browser.newPage()
    const navigations: string[] = []
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()))
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await open(page)
    const first = app.seen.pages

    // An ordinary rejected promise is the app's business: no report, no reload, the error shows.
    const bug = page.waitForEvent('pageerror')
    await page.click('#bug')
    expect((await bug).message).toBe('an app bug, not a missing chunk')
    expect([app.seen.pages - first, app.seen.reports]).toEqual([0, []])

    const chunk = lazyChunk()
    rmSync(join(outDir, chunk))
    await page.click('#open')
    await until(() => app.seen.pages === first + 1 && app.seen.reports.length === 1, 'the reload and its report')
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'yes')
    const release = assets.manifest.release
    expect(app.seen.reports[0]).toEqual({ url: `${app.origin}/static/${chunk}`, release, reloaded: false })

    // The reloaded page is the same release and the chunk is still gone: report, no second reload.
    const failure = page.waitForEvent('pageerror')
    await page.click('#open')
    await failure
    await until(() => app.seen.reports.length === 2, 'the second report')
    expect(app.seen.reports[1]).toEqual({ url: `${app.origin}/static/${chunk}`, release, reloaded: true })
    expect(app.seen.pages).toBe(first + 1)
    expect(navigations).toEqual([`${app.origin}/`, `${app.origin}/`])
    expect(await page.evaluate(() => document.documentElement.dataset.opened)).toBeUndefined()
    await page.close()
  })
})
