import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { integrity } from '@assetmap/build'
import type { Stats } from '@rspack/core'
import { buildWithRspack } from './helpers/bundlers.ts'
import { expectClean, launchChromium, ORIGINS, serveTwoOrigins, visit, type TwoOriginSite } from './helpers/browser.ts'
import { fixture, listOutput, outputDir, readManifest } from './helpers/paths.ts'

const app = fixture('app')

describe('an Rspack build of the fixture app with the plugin', () => {
  let outDir: string
  let manifest: Manifest
  let stats: Stats
  let browser: Browser
  let site: TwoOriginSite

  beforeAll(async () => {
    outDir = await outputDir('rspack')
    stats = await buildWithRspack(app, outDir)
    manifest = await readManifest(outDir)
    browser = await launchChromium()
    site = await serveTwoOrigins({ outDir, views: join(app, 'views'), pages: { '/': 'index.njk' } })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  it('writes a valid manifest keyed by source path', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries).sort()).toEqual(['src/admin.js', 'src/main.js', 'src/other.js', 'src/styles/print.css'])
    expect(manifest.assets['src/img/bg.png']).toMatch(/^assets\/bg\.[0-9a-f]{8}\.png$/)
    expect(manifest.assets['src/fonts/fixture.woff2']).toMatch(/^assets\/fixture\.[0-9a-f]{8}\.woff2$/)
    expect(manifest.assets['src/main.js']).toMatch(/^js\/main\.[0-9a-f]{8}\.js$/)
  })

  it('lists each classic entry file in Rspack load order, with all its CSS', () => {
    const entrypoints = stats.toJson({ all: false, entrypoints: true }).entrypoints!
    for (const [name, source] of [['main', 'src/main.js'], ['other', 'src/other.js'], ['admin', 'src/admin.js']] as const) {
      const expected = entrypoints[name]!.assets!.map((a) => a.name)
      const entry = manifest.entries[source]!
      expect(entry.type).toBe('classic')
      expect(entry.js).toEqual(expected.filter((file) => file.endsWith('.js')))
      expect(entry.css).toEqual(expected.filter((file) => file.endsWith('.css')))
      expect(entry.js[0]).toMatch(/^js\/runtime\./)
    }
    expect(manifest.entries['src/styles/print.css']).toEqual({ type: 'classic', js: [], css: [manifest.assets['src/styles/print.css']], preload: [] })
  })

  it('does not load the dynamic import up front', () => {
    const async = stats.toJson({ all: false, chunks: true }).chunks!.filter((c) => !c.initial).flatMap((c) => c.files ?? [])
    expect(async.length).toBeGreaterThan(0)
    for (const entry of Object.values(manifest.entries)) for (const file of async) expect([...entry.js, ...entry.css, ...entry.preload]).not.toContain(file)
  })

  it('lists every emitted file, source maps included, with the integrity of its bytes on disk', async () => {
    const emitted = await listOutput(outDir)
    expect(Object.keys(manifest.files).sort()).toEqual(emitted)
    for (const path of emitted) expect(manifest.files[path]!.integrity).toBe(integrity(await readFile(join(outDir, path))))
  })

  for (const where of ['app', 'cdn'] as const) {
    it(`loads in Chromium with every asset from ${ORIGINS[where]}`, async () => {
      const seen = await visit(browser, site, where, '/', () => document.documentElement.dataset.lazy === 'loaded')
      expectClean(seen)
      const lazy = stats.toJson({ all: false, chunks: true }).chunks!.filter((c) => !c.initial).flatMap((c) => c.files ?? []).filter((f) => f.endsWith('.js'))
      expect(seen.requested()).toEqual(expect.arrayContaining([...lazy, manifest.assets['src/fonts/fixture.woff2']]))
      expect(await seen.page.evaluate(() => ['.shared', '.deep', '.lazy'].map((s) => getComputedStyle(document.querySelector(s)!).color))).toEqual(['rgb(0, 0, 255)', 'rgb(0, 128, 0)', 'rgb(255, 0, 0)'])
      expect(await seen.page.evaluate(() => new URL(document.documentElement.dataset.logo!, location.href).origin)).toBe(seen.origin)
      await seen.page.close()
    })
  }
})
