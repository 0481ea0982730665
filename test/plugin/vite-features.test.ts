import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, type InlineConfig } from 'vite'
import type { Browser } from 'playwright-core'
import assetmap from '@assetmap/plugin/vite'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { expectClean, launchChromium, serveTwoOrigins, visit } from '../helpers/browser.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'
import { viteManifestMismatches } from '../helpers/viteBackendApp.ts'

const app = fixture('vite-features')

/** Builds the fixture with `config` on top of a backend-style Vite build (inputs, a 100-byte inline limit). */
async function buildFeatures(label: string, config: InlineConfig = {}): Promise<{ outDir: string; manifest: Manifest }> {
  const outDir = await outputDir(label)
  await build({
    root: app,
    configFile: false,
    logLevel: 'silent',
    ...config,
    build: { outDir, emptyOutDir: true, assetsInlineLimit: 100, rollupOptions: { input: [join(app, 'src/main.js')] }, ...config.build },
    plugins: [assetmap()],
  })
  const manifest = await readManifest(outDir)
  expect(validateManifest(manifest)).toEqual([])
  return { outDir, manifest }
}

let browser: Browser

/** Loads `page` of a build from a CDN origin chosen at run time; every request must go there and succeed. */
async function loadFromCdn(outDir: string, page: string, ready: string) {
  const site = await serveTwoOrigins({ outDir, views: join(app, 'views'), pages: { '/': 'index.njk', '/lib': 'lib.njk' } })
  try {
    const seen = await visit({ browser, site }, 'cdn', page, ready)
    expectClean(seen)
    const state = await seen.page.evaluate(() => ({
      body: getComputedStyle(document.body).color,
      lazy: getComputedStyle(document.querySelector('.lazy') ?? document.body).color,
      lib: getComputedStyle(document.querySelector('#lib') ?? document.body).color,
      images: [...document.images].map((image) => [image.id, image.naturalWidth > 0]),
      urls: JSON.parse(document.documentElement.dataset.urls ?? '{}') as Record<string, string>,
    }))
    await seen.page.close()
    return { ...state, cdn: site.cdn }
  } finally {
    await site.close()
  }
}

/** The main page: styles, the lazy chunk's CSS, the `?url`, inlined and `new URL` images, all from the CDN. */
async function expectMainPageFromCdn(outDir: string): Promise<void> {
  const page = await loadFromCdn(outDir, '/', "() => document.documentElement.dataset.lazy === 'loaded'")
  expect(page.body).toBe('rgb(194, 24, 91)')
  expect(page.lazy).toBe('rgb(46, 125, 50)')
  expect(page.images).toEqual([['icon', true], ['tiny', true], ['photo', true]])
  expect(page.urls.iconUrl).toMatch(new RegExp(`^${page.cdn}/assets/icon-`))
  expect(page.urls.photoUrl).toMatch(new RegExp(`^${page.cdn}/assets/photo-`))
  expect(page.urls.tinyUrl).toMatch(/^data:image\/svg\+xml/)
}

describe('Vite features a backend integration keeps, each loaded from a CDN origin chosen at run time', () => {
  beforeAll(async () => {
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('build.manifest and ssrManifest beside assetmap.json, every Vite key resolving, none listed as a site file', async () => {
    const { outDir, manifest } = await buildFeatures('features-manifests', { build: { manifest: true, ssrManifest: true } })
    expect(existsSync(join(outDir, '.vite/manifest.json'))).toBe(true)
    expect(existsSync(join(outDir, '.vite/ssr-manifest.json'))).toBe(true)
    expect(Object.keys(manifest.files).filter((path) => path.startsWith('.vite/'))).toEqual([])
    expect(await viteManifestMismatches(outDir)).toEqual([])
    expect(manifest.assets['src/img/icon.png']).toMatch(/^assets\/icon-[-\w]{8}\.png$/)
    expect(manifest.assets['src/img/photo.svg']).toMatch(/^assets\/photo-[-\w]{8}\.svg$/)
    await expectMainPageFromCdn(outDir)
  })

  it('build.assetsInlineLimit: an inlined image stays inlined, and is also a named file for templates, as in dev', async () => {
    const { outDir, manifest } = await buildFeatures('features-inline')
    expect(manifest.assets['src/img/tiny.svg']).toMatch(/^assets\/tiny-[-\w]{8}\.svg$/)
    const js = Object.keys(manifest.files).filter((path) => path.endsWith('.js')).map((path) => readFileSync(join(outDir, path), 'utf8'))
    expect(js.some((code) => code.includes('data:image/svg+xml'))).toBe(true)
    await expectMainPageFromCdn(outDir)
  })

  it('build.cssCodeSplit: false: the entry lists the one stylesheet, lazy CSS included', async () => {
    const { outDir, manifest } = await buildFeatures('features-one-css', { build: { cssCodeSplit: false, manifest: true } })
    const css = Object.keys(manifest.files).filter((path) => path.endsWith('.css'))
    expect(css).toHaveLength(1)
    expect(manifest.entries['src/main.js']!.css).toEqual(css)
    // Vite's manifest keys the stylesheet `style.css`; so does assetmap.
    expect(manifest.assets['style.css']).toBe(css[0])
    expect(await viteManifestMismatches(outDir)).toEqual([])
    await expectMainPageFromCdn(outDir)
  })

  it('experimental.renderBuiltUrl: URLs made by the app’s own run-time expression follow the CDN too', async () => {
    const { outDir } = await buildFeatures('features-render-built-url', {
      experimental: {
        renderBuiltUrl: (filename, { hostType }) => (hostType === 'js' ? { runtime: `globalThis.__assetBase + ${JSON.stringify(filename)}` } : { relative: true }),
      },
    })
    await expectMainPageFromCdn(outDir)
  })

  it('library mode (build.lib): the library entry and its CSS load from the CDN', async () => {
    const { outDir, manifest } = await buildFeatures('features-lib', {
      build: { lib: { entry: join(app, 'src/lib.js'), formats: ['es'], fileName: 'widget' }, rollupOptions: {} },
    })
    const lib = manifest.entries['src/lib.js']!
    expect(lib.js).toEqual(['widget.js'])
    expect(lib.css).toHaveLength(1)
    const page = await loadFromCdn(outDir, '/lib', "() => document.querySelector('#lib').textContent === 'lib ran'")
    expect(page.lib).toBe('rgb(0, 121, 107)')
  })
})
