import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { problems, useBrowserSite, visit } from '../helpers/browser.ts'
import { buildWithVite } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('importmap-vite')

describe('an import map and a Vite entry on one page (the plugin’s staticImportMap)', () => {
  let outDir = ''
  const target = useBrowserSite(async () => {
    outDir = await outputDir('importmap-vite')
    await buildWithVite(app, outDir, { static: [join(app, 'static')], staticImportMap: true }, { build: { rollupOptions: { input: [join(app, 'src/main.js')] } } })
    return { outDir, views: join(app, 'views'), pages: { '/': 'index.njk' } }
  }, 60_000)

  it('records the entry and the static module graph in one manifest', async () => {
    const manifest = await readManifest(outDir)
    expect(Object.keys(manifest.entries)).toEqual(['src/main.js'])
    expect(manifest.importMap).toEqual({ modules: { 'js/label.js': [], 'js/widget.js': ['js/label.js'] }, specifiers: {} })
  })

  it.each(['app', 'cdn'] as const)('runs both from %s origin: the bundle, and the unbundled modules through the map', async (where) => {
    const seen = await visit(target, where, '/', () => document.documentElement.dataset.widget && document.documentElement.dataset.bundle)
    expect(await seen.page.evaluate(() => ({ ...document.documentElement.dataset }))).toEqual({ bundle: 'hello from the bundle', widget: 'widget loaded through the import map' })
    expect(problems(seen.log)).toEqual([])
    expect(seen.strays()).toEqual([])
    // Each unbundled module once, from its hashed URL.
    expect(seen.requested().filter((path) => path.startsWith('js/')).sort()).toEqual([expect.stringMatching(/^js\/label\.[0-9a-f]{12}\.js$/), expect.stringMatching(/^js\/widget\.[0-9a-f]{12}\.js$/)])
    await seen.page.close()
  })
})
