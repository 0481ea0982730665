import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { buildViteBackend, buildWithVite, installedViteBuild, type ViteBuild } from '../helpers/bundlers.ts'
import { useBrowserSite } from '../helpers/browser.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'
import { expectViteBackendPages, viteBackendApp, viteBackendPages, viteManifestMismatches } from '../helpers/viteBackendApp.ts'

// The plugin's peer range is `vite >=6`; Vite 8 is the repo's own (test/plugin/vite.test.ts), older majors
// are installed once from the registry under test/.output/vite-<major>.
for (const major of [6, 7]) {
  describe(`Vite ${major} builds with the plugin`, () => {
    let build: ViteBuild
    let backendOut: string
    const on = useBrowserSite(async () => {
      build = await installedViteBuild(major)
      backendOut = await outputDir(`vite${major}-backend`)
      await buildViteBackend(viteBackendApp, backendOut, undefined, { build: { manifest: true } }, build)
      return { outDir: backendOut, views: join(viteBackendApp, 'views'), pages: viteBackendPages }
    }, 300_000)

    it('gathers the closure of the fixture app as on Vite 8', async () => {
      const out = await outputDir(`vite${major}-app`)
      await buildWithVite(fixture('app'), out, undefined, {}, build)
      const manifest: Manifest = await readManifest(out)
      expect(validateManifest(manifest)).toEqual([])
      expect(Object.keys(manifest.entries).sort()).toEqual(['src/admin.js', 'src/main.js', 'src/other.js', 'src/styles/print.css'])
      const main = manifest.entries['src/main.js']!
      expect(main.js).toEqual([manifest.assets['src/main.js']])
      expect(main.preload.map((path) => path.replace(/-[-\w]{8}\.js$/, ''))).toEqual(['assets/deep', 'assets/shared'])
      expect(main.css.map((path) => path.replace(/-[-\w]{8}\.css$/, ''))).toEqual(['assets/deep', 'assets/shared', 'assets/main'])
      expect(manifest.entries['src/styles/print.css']).toEqual({ type: 'module', js: [], css: [manifest.assets['src/styles/print.css']], preload: [] })
    })

    it('keeps every key of Vite’s manifest, inputs outside root included', async () => {
      expect(await viteManifestMismatches(backendOut)).toEqual([])
    })

    it('loads the backend app in Chromium from the app’s origin and from a CDN origin', async () => {
      await expectViteBackendPages(on, 'app')
      await expectViteBackendPages(on, 'cdn')
    })
  })
}
