import { rmSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { launchChromium } from '../helpers/browser.ts'
import { builtLitSite, outputOf, type ImportMapSite } from '../helpers/importMapApp.ts'
import { entryManifest, importMapManifest } from '../helpers/smallManifests.ts'
import { until } from '../helpers/until.ts'

interface Report {
  url: string
  release: string
  reloaded: boolean
}

/** The page of test/fixtures/importmap-app, asking for the reload snippet in its `{% importmap %}` tag. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  {% importmap 'js/app.js', reloadOnChunkError=true %}
</head>
<body><todo-app></todo-app></body>
</html>
`

describe('importMap({ reloadOnChunkError: true })', () => {
  it('puts the snippet before the map, with the nonce, once per page whichever tag asks first', () => {
    const assets = createAssets({ manifest: importMapManifest('r1', '/static/'), dev: false, builds: { shop: { manifest: entryManifest('s1', '/shop/'), dev: false } } })
    const page = assets.page()
    const html = page.importMap('js/app.js', { reloadOnChunkError: true, nonce: 'n1' })
    expect(html.indexOf('<script nonce="n1">(() => {')).toBe(0)
    expect(html.indexOf('assetmap:reload')).toBeLessThan(html.indexOf('<script type="importmap"'))
    expect(page.build('shop').entryTags('src/main.js', { reloadOnChunkError: true })).not.toContain('assetmap:reload')
    expect(assets.importMap('js/app.js')).not.toContain('assetmap:reload')
  })

  it('takes reloadOnChunkError=true in the {% importmap %} tag', () => {
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), createAssets({ manifest: importMapManifest('r1', '/static/'), dev: false }))
    const html = env.renderString("{% importmap 'js/app.js', reloadOnChunkError=true %}", { cspNonce: 'n2' })
    expect(html).toMatch(/^<script nonce="n2">\(\(\) => \{\n {2}const release = "r1"/)
  })
})

describe('an import-map page whose lazy module is gone after a deploy, in Chromium', () => {
  let browser: Browser
  let site: ImportMapSite
  let outDir: string
  beforeAll(async () => {
    ;({ outDir, site } = await builtLitSite('skew-importmap', PAGE))
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  // Under the site's nonce-only CSP: the snippet runs only if it carries the render's nonce.
  it('reloads once, reports it, and only reports a second failure of the same release', async () => {
    const page = await browser.newPage()
    // What an app's listener would send to its logging (docs/deploy.md), kept across the reload.
    await page.addInitScript(() => {
      addEventListener('assetmap:reload', (event) => {
        const { url, release, reloaded } = (event as CustomEvent<Report>).detail
        sessionStorage.setItem('reports', JSON.stringify([...(JSON.parse(sessionStorage.getItem('reports') ?? '[]') as Report[]), { url, release, reloaded }]))
      })
    })
    const reports = async (): Promise<Report[]> => page.evaluate(() => JSON.parse(sessionStorage.getItem('reports') ?? '[]') as Report[])
    const pages = (): number => site.requests.app.filter((path) => path === '/').length
    const booted = async (): Promise<unknown> => page.waitForFunction(() => document.documentElement.dataset.booted === 'true')
    await page.goto(`${site.app}/`)
    await booted()

    const help = outputOf(outDir, 'js/lib/help.js')
    rmSync(join(outDir, help))
    const release = site.assets.manifest.release
    const url = `${site.app}/static/${help}`
    await page.keyboard.press('?')
    await until(() => pages() === 2, 'the reload')
    await booted()
    expect(await reports()).toEqual([{ url, release, reloaded: false }])

    const failure = page.waitForEvent('pageerror')
    await page.keyboard.press('?')
    expect((await failure).message).toMatch(/dynamically imported module/)
    expect(await reports()).toEqual([
      { url, release, reloaded: false },
      { url, release, reloaded: true },
    ])
    expect(pages()).toBe(2)
    await page.close()
  })
})
