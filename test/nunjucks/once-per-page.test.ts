import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import ejs from 'ejs'
import express from 'express'
import nunjucks from 'nunjucks'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetLocals, createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

const root = fixture('two-entries')
const views = join(root, 'views')

/**
 * One layout with both entries, three ways: Nunjucks on its own (a page per render), Nunjucks
 * under `assetLocals` (a page per response), and EJS through `assetLocals`.
 */
function createApp(assets: Assets): express.Express {
  const app = express()
  addAssetmap(nunjucks.configure(views, { autoescape: true, express: app }), assets)
  app.use('/static', serveAssets(assets, { onWarning: () => {} }))
  app.get('/njk', (req, res) => res.render('admin.njk'))
  app.get('/njk-locals', assetLocals(assets), (req, res) => res.render('admin.njk'))
  app.get('/ejs', assetLocals(assets), (req, res) => res.type('html').send(ejs.render(readFileSync(join(views, 'admin.ejs'), 'utf8'), res.locals)))
  return app
}

/** Every URL a tag of the page loads, with how many tags name it. */
function tagCounts(html: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const [, url] of html.matchAll(/<(?:script|link)[^>]*?(?:src|href)="(\/static\/[^"]+)"/g)) counts.set(url!, (counts.get(url!) ?? 0) + 1)
  return counts
}

describe.each([
  ['webpack (runtime chunk, shared split chunk, classic scripts)', 'webpack'],
  ['Vite (shared chunk and CSS, module scripts)', 'vite'],
] as const)('two entries on one layout: %s', (_label, bundler) => {
  let browser: Browser
  let server: Server
  let origin: string
  let assets: Assets

  beforeAll(async () => {
    const out = join(await outputDir(`two-entries-${bundler}`), 'static')
    if (bundler === 'webpack') await buildWithWebpack(root, out, {}, { entry: { app: './src/app.js', admin: './src/admin.js' } })
    else await buildWithVite(root, out, {}, { build: { rollupOptions: { input: ['src/app.js', 'src/admin.js'] } } })
    assets = createAssets({ manifest: join(out, 'assetmap.json'), baseUrl: '/static/', dev: false })
    ;({ server, origin } = await listen(createApp(assets)))
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await close(server)
  })

  it('shares code between the entries, as a real app does', () => {
    const [app, admin] = [assets.manifest.entries['src/app.js']!, assets.manifest.entries['src/admin.js']!]
    const shared = (list: 'js' | 'css' | 'preload'): string[] => app[list].filter((path) => admin[list].includes(path))
    if (bundler === 'webpack') expect(shared('js').length).toBeGreaterThanOrEqual(2)
    else expect(shared('preload').length).toBeGreaterThanOrEqual(1)
    expect(shared('css').length).toBeGreaterThanOrEqual(1)
  })

  it.each(['/njk', '/njk-locals', '/ejs'])('%s names every file once and runs every script once in Chromium', async (path) => {
    const page = await browser.newPage()
    const log = watchPage(page)
    const response = await page.goto(`${origin}${path}`, { waitUntil: 'networkidle' })
    const html = await response!.text()
    const counts = tagCounts(html)
    expect(counts.size).toBeGreaterThan(3)
    expect([...counts].filter(([, count]) => count > 1)).toEqual([])
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    expect(await page.evaluate(() => (window as unknown as { runs: unknown }).runs)).toEqual({ shared: 1, app: 1, admin: 1 })
    expect(await page.locator('.widget').count()).toBe(1)
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('#app')!).color)).toBe('rgb(0, 121, 107)')
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(250, 250, 250)')
    await page.close()
  })

  it('starts a new page on every render and every response', async () => {
    const first = await (await fetch(`${origin}/njk`)).text()
    const second = await (await fetch(`${origin}/njk`)).text()
    expect(tagCounts(second)).toEqual(tagCounts(first))
    const viaLocals = await (await fetch(`${origin}/ejs`)).text()
    expect(new Set(tagCounts(viaLocals).keys())).toEqual(new Set(tagCounts(first).keys()))
  })
})
