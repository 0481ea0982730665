import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { buildViteBackend } from '../helpers/bundlers.ts'
import { useBrowserSite } from '../helpers/browser.ts'
import { outputDir, readManifest } from '../helpers/paths.ts'
import { expectViteBackendPages, viteBackendApp, viteBackendPages, viteManifestMismatches } from '../helpers/viteBackendApp.ts'

describe('acceptance: a Vite backend integration (inputs outside root, Sass, PostCSS, a CSS-only entry, a lazy route)', () => {
  let outDir: string
  let manifest: Manifest
  const on = useBrowserSite(async () => {
    outDir = await outputDir('acceptance-vite')
    await buildViteBackend(viteBackendApp, outDir, undefined, { build: { manifest: true } })
    manifest = await readManifest(outDir)
    return { outDir, views: join(viteBackendApp, 'views'), pages: viteBackendPages }
  })

  it('keeps every key of Vite’s manifest, inputs outside root included', async () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(await viteManifestMismatches(outDir)).toEqual([])
  })

  it('runs the CSS-only entry through PostCSS and the Sass through Sass', async () => {
    expect(await readFile(join(outDir, manifest.entries['entrypoints/styles.css']!.css[0]!), 'utf8')).toContain('-webkit-user-select')
    expect(await readFile(join(outDir, manifest.entries['entrypoints/app.js']!.css[0]!), 'utf8')).toMatch(/h1\.banner\s*\{/)
  })

  it('renders each page through Nunjucks and loads it in Chromium from the app’s origin', async () => {
    await expectViteBackendPages(on, 'app')
  })

  it('loads each page from a CDN origin chosen at run time, lazy route and fonts included', async () => {
    await expectViteBackendPages(on, 'cdn')
  })
})
