import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Stats } from 'webpack'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { buildWebpackApp } from '../helpers/bundlers.ts'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('webpack-app')

describe('acceptance: a Symfony/Encore-shaped webpack app (two entries on one layout, runtime chunk, vendor chunk, fonts, asset modules)', () => {
  let outDir: string
  let manifest: Manifest
  let stats: Stats
  const on = useBrowserSite(async () => {
    outDir = await outputDir('acceptance-webpack')
    stats = await buildWebpackApp(app, outDir)
    manifest = await readManifest(outDir)
    return { outDir, views: join(app, 'templates'), pages: { '/': 'home.njk', '/admin': 'admin.njk' } }
  })

  it('records each entry as webpack’s entrypoints list it: runtime, vendors, shared code, then the entry', () => {
    expect(validateManifest(manifest)).toEqual([])
    const json = stats.toJson({ all: false, entrypoints: true, chunks: true })
    const entrypoints = json.entrypoints!
    for (const [name, source] of [['app', 'assets/app.js'], ['admin', 'assets/admin.js']] as const) {
      const files = entrypoints[name]!.assets!.map((asset) => asset.name)
      const { fonts: _fonts, lazy: _lazy, ...entry } = manifest.entries[source]!
      expect(entry).toEqual({ type: 'classic', js: files.filter((f) => f.endsWith('.js')), css: files.filter((f) => f.endsWith('.css')), preload: [] })
      expect(manifest.entries[source]!.js[0]).toMatch(/^runtime\./)
      expect(manifest.entries[source]!.js).toContainEqual(expect.stringMatching(/^vendors\./))
    }
    expect(manifest.assets['assets/fonts/fixture.woff2']).toMatch(/^fonts\/fixture\.[0-9a-f]{8}\.woff2$/)
    // app.css names the font; app.js alone imports the chart on demand.
    expect(manifest.entries['assets/app.js']!.fonts).toEqual([manifest.assets['assets/fonts/fixture.woff2']])
    const chart = json.chunks!.filter((chunk) => !chunk.initial).flatMap((chunk) => chunk.files ?? []).filter((file) => /\.(js|css)$/.test(file))
    expect(manifest.entries['assets/app.js']!.lazy?.toSorted()).toEqual(chart.toSorted())
    expect(manifest.entries['assets/admin.js']!.lazy).toBeUndefined()
    expect(manifest.assets['assets/images/chart.png']).toMatch(/^images\/chart\.[0-9a-f]{8}\.png$/)
  })

  for (const where of ['app', 'cdn'] as const) {
    it(`renders each page through Nunjucks and loads it in Chromium from ${ORIGINS[where]}`, async () => {
      const home = await visit(on, where, '/', () => document.querySelector('.widget') !== null)
      await home.page.click('#load-chart')
      await home.page.waitForFunction(() => (document.querySelector('.chart') as HTMLImageElement | null)?.complete === true, null, { timeout: 10_000 })
      await home.page.waitForLoadState('networkidle')
      expectClean(home)
      expect(
        await home.page.evaluate(() => ({
          header: getComputedStyle(document.querySelector('header')!).color,
          widget: getComputedStyle(document.querySelector('.widget')!).color,
          lazyCss: getComputedStyle(document.querySelector('#chart')!).color,
          widgets: document.querySelectorAll('.widget').length,
          runs: (window as { __runs?: unknown }).__runs,
          chart: (document.querySelector('.chart') as HTMLImageElement).naturalWidth > 0,
          logo: (document.querySelector('#logo') as HTMLImageElement).naturalWidth > 0,
        })),
      ).toEqual({ header: 'rgb(194, 24, 91)', widget: 'rgb(0, 121, 107)', lazyCss: 'rgb(46, 125, 50)', widgets: 1, runs: { app: 1 }, chart: true, logo: true })
      const names = ['assets/fonts/fixture.woff2', 'assets/images/bg.png', 'assets/images/chart.png', 'assets/images/logo.svg']
      expect(home.requested()).toEqual(expect.arrayContaining(names.map((name) => manifest.assets[name])))
      await home.page.close()

      // Two entries on one layout: runtime and vendors are listed by both. Whether each runs once
      // there is the per-page dedupe's test; here: the page loads cleanly with both entries' styles.
      const admin = await visit(on, where, '/admin', () => (window as { __runs?: { admin?: number } }).__runs?.admin !== undefined)
      expectClean(admin)
      expect(await admin.page.evaluate(() => [getComputedStyle(document.querySelector('header')!).color, getComputedStyle(document.querySelector('.admin-only')!).color])).toEqual([
        'rgb(194, 24, 91)',
        'rgb(106, 27, 154)',
      ])
      await admin.page.close()
    })
  }
})
