import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import express from 'express'
import nunjucks from 'nunjucks'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'
import { launchChromium } from '../helpers/browser.ts'
import { buildWithVite } from '../helpers/bundlers.ts'
import { runCli } from '../helpers/cli.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'
import { until } from '../helpers/until.ts'

// docs/deploy.md, "Deploys without broken pages", as an operator runs it: a release per deploy
// into one folder, `assetmap clean --keep 2 --age 0` after each. Pages of the previous release
// keep working; a page of a release that clean removed reloads once onto the current one.
describe('releases kept for the pages still open', () => {
  let app: string
  let out: string
  let assets: Assets
  let browser: Browser
  let server: Awaited<ReturnType<typeof listen>>
  const reports: Array<{ url: string; reloaded: boolean }> = []
  let pages = 0

  /** Release `n` of the app: the lazy chunk marks the page with the release, so each build's chunk differs. */
  async function deploy(n: number): Promise<void> {
    const lazy = join(app, 'src/lazy.js')
    writeFileSync(lazy, readFileSync(lazy, 'utf8').replace(/opened = '[^']*'/, `opened = 'r${n}'`))
    await buildWithVite(app, out, { release: `r${n}` }, { build: { emptyOutDir: false, rollupOptions: { input: [join(app, 'src/main.js')] } } })
    assets.reload()
    const clean = await runCli('clean', out, '--keep', '2', '--age', '0')
    expect(clean.code).toBe(0)
  }

  beforeAll(async () => {
    app = join(await outputDir('skew-releases'), 'app')
    cpSync(fixture('skew-app'), app, { recursive: true })
    out = join(app, 'dist')
    const lazy = join(app, 'src/lazy.js')
    writeFileSync(lazy, readFileSync(lazy, 'utf8').replace("opened = 'yes'", "opened = 'r1'"))
    await buildWithVite(app, out, { release: 'r1' }, { build: { emptyOutDir: false, rollupOptions: { input: [join(app, 'src/main.js')] } } })
    assets = createAssets({ manifest: out, baseUrl: '/static/', dev: false })
    const site = express()
    addAssetmap(nunjucks.configure(join(app, 'views'), { autoescape: true, express: site }), assets)
    site.get('/favicon.ico', (_req, res) => res.status(204).end())
    site.use('/static', serveAssets(assets, { onWarning: () => {} }))
    site.post('/log', express.text({ type: '*/*' }), (req, res) => {
      reports.push(JSON.parse(req.body as string))
      res.status(204).end()
    })
    site.get('/', (_req, res) => {
      pages++
      res.render('page.njk')
    })
    server = await listen(site)
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await close(server?.server)
  })

  async function openPage(): Promise<Page> {
    const page = await browser.newPage()
    await page.goto(`${server.origin}/`)
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'yes')
    return page
  }

  const opened = (page: Page) => page.waitForFunction(() => document.documentElement.dataset.opened).then((handle) => handle.jsonValue())

  it('the previous release stays whole; a page of a removed release reloads once onto the current one', async () => {
    const tabA = await openPage()
    const tabB = await openPage()
    const r1Lazy = Object.keys(assets.manifest.files).find((file) => /lazy-.*\.js$/.test(file))!

    await deploy(2)
    // r1 is the previous release: --keep 2 keeps it, so its open pages load their lazy chunk.
    expect(existsSync(join(out, r1Lazy))).toBe(true)
    await tabA.click('#open')
    expect(await opened(tabA)).toBe('r1')

    await deploy(3)
    // r1 is now two releases back: clean removed its files.
    expect(existsSync(join(out, r1Lazy))).toBe(false)
    await tabB.click('#open')
    await until(() => pages === 3 && reports.length === 1, 'the reload of the r1 page')
    expect(reports[0]).toMatchObject({ url: `${server.origin}/static/${r1Lazy}`, reloaded: false })
    await tabB.waitForFunction(() => document.documentElement.dataset.ready === 'yes')
    await tabB.click('#open')
    expect(await opened(tabB)).toBe('r3')
    expect(pages).toBe(3)
  })
})
