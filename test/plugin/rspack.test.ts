import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '@assetmap/runtime'
import type { Stats } from '@rspack/core'
import { buildWithRspack } from '../helpers/bundlers.ts'
import { asyncFiles, expectWebpackFamilyManifest, type StatsJsonLike } from '../helpers/webpackFamily.ts'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { expectEveryOutputListed } from '../helpers/outputChecks.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

describe('an Rspack build of the fixture app with the plugin', () => {
  let outDir: string
  let manifest: Manifest
  let stats: Stats
  const on = useBrowserSite(async () => {
    outDir = await outputDir('rspack')
    stats = await buildWithRspack(app, outDir)
    manifest = await readManifest(outDir)
    return { outDir, views: join(app, 'views'), pages: { '/': 'index.njk' } }
  })

  it('writes a valid manifest keyed by source path, each classic entry in Rspack load order with all its CSS, no dynamic import up front', () => {
    expectWebpackFamilyManifest(manifest, stats.toJson({ all: false, entrypoints: true, chunks: true }) as StatsJsonLike)
    expect(manifest.entries['src/styles/print.css']).toEqual({ type: 'classic', js: [], css: [manifest.assets['src/styles/print.css']], preload: [] })
  })

  it('lists every emitted file, source maps included, with the integrity of its bytes on disk', async () => {
    const emitted = await expectEveryOutputListed(manifest, outDir)
    expect(emitted.filter((path) => path.endsWith('.map')).length).toBeGreaterThan(5)
  })

  for (const where of ['app', 'cdn'] as const) {
    it(`loads in Chromium with every asset from ${ORIGINS[where]}`, async () => {
      const seen = await visit(on, where, '/', () => document.documentElement.dataset.lazy === 'loaded')
      expectClean(seen)
      const lazy = asyncFiles(stats.toJson({ all: false, chunks: true }) as StatsJsonLike).filter((file) => file.endsWith('.js'))
      expect(seen.requested()).toEqual(expect.arrayContaining([...lazy, manifest.assets['src/fonts/fixture.woff2']]))
      expect(await seen.page.evaluate(() => ['.shared', '.deep', '.lazy'].map((s) => getComputedStyle(document.querySelector(s)!).color))).toEqual(['rgb(0, 0, 255)', 'rgb(0, 128, 0)', 'rgb(255, 0, 0)'])
      expect(await seen.page.evaluate(() => new URL(document.documentElement.dataset.logo!, location.href).origin)).toBe(seen.origin)
      await seen.page.close()
    })
  }
})
