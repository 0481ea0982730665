import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import type { Manifest } from '@assetmap/runtime'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { serveImportMapApp, type ImportMapSite } from '../helpers/importMapApp.ts'
import { fixture, outputDir } from '../helpers/paths.ts'

/** `test/fixtures/importmap-names`: `js/main.js` imports seven modules whose names hold a space, a quote, `é`, `"`, `<!--<script>`, `%` and `#`. */
const app = fixture('importmap-names')
const IMPORTED = ['js/100%.js', 'js/<!--<script>.js', 'js/a b.js', 'js/h#1.js', "js/it's.js", 'js/q"x.js', 'js/é.js']

async function build(label: string): Promise<{ outDir: string; manifest: Manifest }> {
  const outDir = await outputDir(label)
  await completeBuild({ outDir, base: '/static/', static: { dirs: [join(app, 'static')], root: app, importMap: true, onWarning: () => {} } })
  return { outDir, manifest: JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')) as Manifest }
}

describe('import-map mode with module names that need escaping', () => {
  it('records every static import in the graph, percent-encoded specifiers (./100%25.js, ./h%231.js) included, so each is preloaded', async () => {
    const { manifest } = await build('importmap-names-graph')
    expect(manifest.importMap!.modules['js/main.js']).toEqual(IMPORTED)
  })

  describe('in Chromium, served by @assetmap/serve under a strict CSP', () => {
    let browser: Browser
    let site: ImportMapSite
    beforeAll(async () => {
      site = await serveImportMapApp(app, (await build('importmap-names-browser')).outDir)
      browser = await launchChromium()
    }, 60_000)
    afterAll(async () => {
      await browser?.close()
      await site?.close()
    })

    it.each(['app', 'cdn'] as const)('from %s, every module runs once, from its hashed URL', async (where) => {
      const page = await browser.newPage()
      const log = watchPage(page)
      await page.goto(`${site.app}/${where === 'cdn' ? '?cdn=1' : ''}`, { waitUntil: 'networkidle' })
      expect(problems(log)).toEqual([])
      expect(((await page.evaluate('window.loaded')) as string[]).sort()).toEqual(['100%', '<!--<script>', 'a b', 'h#1', "it's", 'main', 'q"x', 'é'].sort())
      const requested = (where === 'cdn' ? site.requests.cdn : site.requests.app.filter((path) => path.startsWith('/static/'))).map((path) => decodeURIComponent(path))
      expect(requested).toHaveLength(8)
      for (const path of requested) expect(path).toMatch(/\/js\/.+\.[0-9a-f]{12}\.js$/)
      await page.close()
    })
  })
})
