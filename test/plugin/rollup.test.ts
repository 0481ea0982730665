import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rollup, type Plugin } from 'rollup'
import assetmap from '@assetmap/plugin/rollup'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { expectEveryOutputListed } from '../helpers/outputChecks.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('rollup-app')

/** Imports of `.svg` files become emitted assets with a chunk-relative URL, as `@rollup/plugin-url` does. */
function svgAssets(): Plugin {
  return {
    name: 'svg-assets',
    async load(id) {
      if (!id.endsWith('.svg')) return null
      const reference = this.emitFile({ type: 'asset', name: basename(id), originalFileName: id, source: await readFile(id) })
      return `export default import.meta.ROLLUP_FILE_URL_${reference}`
    },
  }
}

describe('a Rollup 4 build with the plugin', () => {
  let outDir: string
  let manifest: Manifest
  const on = useBrowserSite(async () => {
    outDir = await outputDir('rollup')
    const bundle = await rollup({ input: [join(app, 'src/a.js'), join(app, 'src/b.js')], plugins: [svgAssets(), assetmap({ root: app })] })
    await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name]-[hash].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]', sourcemap: true })
    await bundle.close()
    manifest = await readManifest(outDir)
    return { outDir, views: join(app, 'views'), pages: { '/': 'index.njk' } }
  })

  it('records module entries with the shared chunk preloaded and the dynamic import left out', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries).sort()).toEqual(['src/a.js', 'src/b.js'])
    const a = manifest.entries['src/a.js']!
    expect(a).toEqual({ type: 'module', js: [manifest.assets['src/a.js']], css: [], preload: [expect.stringMatching(/^chunks\/common-[-\w]+\.js$/)], lazy: [manifest.assets['src/later.js']] })
    expect(manifest.entries['src/b.js']!.preload).toEqual(a.preload)
    expect(manifest.assets['src/later.js']).toMatch(/^chunks\/later-[-\w]+\.js$/)
    expect(a.preload).not.toContain(manifest.assets['src/later.js'])
    expect(manifest.assets['src/logo.svg']).toMatch(/^assets\/logo-[-\w]+\.svg$/)
  })

  it('lists every emitted file, source maps included, with the integrity of its bytes on disk', async () => {
    const emitted = await expectEveryOutputListed(manifest, outDir)
    expect(emitted.filter((path) => path.endsWith('.map')).length).toBeGreaterThanOrEqual(4)
  })

  for (const where of ['app', 'cdn'] as const) {
    it(`loads in Chromium with every asset from ${ORIGINS[where]}`, async () => {
      const seen = await visit(on, where, '/', () => document.documentElement.dataset.lazy === 'loaded')
      expectClean(seen)
      expect(seen.requested()).toEqual(expect.arrayContaining([manifest.assets['src/later.js'], manifest.assets['src/logo.svg']]))
      expect(await seen.page.evaluate(() => [document.documentElement.dataset.a, document.documentElement.dataset.b, new URL(document.documentElement.dataset.logo!).origin])).toEqual([
        'common',
        'common',
        seen.origin,
      ])
      await seen.page.close()
    })
  }
})
