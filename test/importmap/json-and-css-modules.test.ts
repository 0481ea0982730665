import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import type { Manifest } from '@assetmap/runtime'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { serveImportMapApp, type ImportMapSite } from '../helpers/importMapApp.ts'
import { fixture, outputDir } from '../helpers/paths.ts'

/** `test/fixtures/importmap-json-css`: `js/main.js` imports `./data.json` and `./sheet.css` as JSON and CSS modules. */
const app = fixture('importmap-json-css')

describe('import-map mode with JSON and CSS module imports', () => {
  let outDir: string
  let manifest: Manifest
  beforeAll(async () => {
    outDir = await outputDir('importmap-json-css')
    // No unhashed copies: a specifier the map does not send to a hashed URL is a 404.
    await completeBuild({ outDir, base: '/static/', static: { dirs: [join(app, 'static')], root: app, importMap: true, keepOriginals: false, onWarning: () => {} } })
    manifest = JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')) as Manifest
  })

  it('rewrites them to their hashed names, as the import map maps JavaScript modules only', () => {
    const main = readFileSync(join(outDir, manifest.assets['js/main.js']!), 'utf8')
    expect(main).toContain(`from './${manifest.assets['js/data.json']!.slice('js/'.length)}' with { type: 'json' }`)
    expect(main).toContain(`from './${manifest.assets['js/sheet.css']!.slice('js/'.length)}' with { type: 'css' }`)
  })

  describe('in Chromium', () => {
    let browser: Browser
    let site: ImportMapSite
    beforeAll(async () => {
      site = await serveImportMapApp(app, outDir)
      browser = await launchChromium()
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
      await site?.close()
    })

    it('loads the JSON and the stylesheet from their hashed URLs', async () => {
      const page = await browser.newPage()
      const log = watchPage(page)
      await page.goto(`${site.app}/`, { waitUntil: 'networkidle' })
      expect(problems(log)).toEqual([])
      expect(await page.evaluate(() => [document.documentElement.dataset.greeting, getComputedStyle(document.body).color])).toEqual(['hello from json', 'rgb(1, 2, 3)'])
      await page.close()
    })
  })
})
