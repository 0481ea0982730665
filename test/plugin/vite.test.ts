import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it, beforeAll } from 'vitest'
import { createAssets, validateManifest, type Manifest } from '@assetmap/runtime'
import { integrity } from '@assetmap/engine/internal'
import { buildWithVite } from '../helpers/bundlers.ts'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

describe('Vite 8 build with the plugin', () => {
  let outDir: string
  let manifest: Manifest

  beforeAll(async () => {
    outDir = await outputDir('vite')
    await buildWithVite(app, outDir)
    manifest = await readManifest(outDir)
  })

  it('writes a valid manifest with Vite-style logical names', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(manifest.version).toBe(1)
    expect(manifest.base).toBe('/static/')
    expect(manifest.release).toMatch(/^[0-9a-f]{12}$/)
    expect(manifest.assets['src/main.js']).toMatch(/^assets\/main-[-\w]{8}\.js$/)
    expect(manifest.assets['src/img/bg.png']).toMatch(/^assets\/bg-[-\w]{8}\.png$/)
    expect(manifest.assets['src/img/logo.svg']).toMatch(/^assets\/logo-[-\w]{8}\.svg$/)
    expect(manifest.assets['src/fonts/fixture.woff2']).toMatch(/^assets\/fixture-[-\w]{8}\.woff2$/)
    expect(manifest.assets['src/styles/print.css']).toMatch(/^assets\/print-[-\w]{8}\.css$/)
    expect(Object.keys(manifest.entries).sort()).toEqual(['src/admin.js', 'src/main.js', 'src/other.js', 'src/styles/print.css'])
  })

  it('gathers CSS of nested statically imported chunks, deps first, and preloads them', () => {
    const main = manifest.entries['src/main.js']!
    expect(main.type).toBe('module')
    expect(main.js).toEqual([manifest.assets['src/main.js']])
    expect(main.preload).toHaveLength(2)
    expect(main.preload[0]).toMatch(/^assets\/deep-[-\w]{8}\.js$/)
    expect(main.preload[1]).toMatch(/^assets\/shared-[-\w]{8}\.js$/)
    expect(main.css.map((path) => path.replace(/-[-\w]{8}\.css$/, ''))).toEqual(['assets/deep', 'assets/shared', 'assets/main'])
    const admin = manifest.entries['src/admin.js']!
    expect(admin.css).toEqual([main.css[0]])
    expect(admin.preload).toEqual([main.preload[0]])
  })

  it('never preloads a dynamic import', () => {
    const lazy = manifest.assets['src/lazy.js']!
    expect(lazy).toMatch(/^assets\/lazy-[-\w]{8}\.js$/)
    for (const entry of Object.values(manifest.entries)) {
      expect(entry.preload).not.toContain(lazy)
      expect(entry.css.some((path) => path.includes('lazy'))).toBe(false)
    }
  })

  it('records a CSS-only entry with its stylesheet and no JavaScript', () => {
    expect(manifest.entries['src/styles/print.css']).toEqual({ type: 'module', js: [], css: [manifest.assets['src/styles/print.css']], preload: [] })
  })

  it('lists every output file with the size and integrity of the bytes on disk', async () => {
    const paths = Object.keys(manifest.files)
    expect(paths.sort()).toEqual(await listOutput(outDir))
    expect(paths.length).toBeGreaterThanOrEqual(12)
    for (const path of paths) {
      const bytes = await readFile(join(outDir, path))
      expect(manifest.files[path]).toEqual({ size: bytes.byteLength, integrity: integrity(bytes) })
    }
    for (const path of [...Object.values(manifest.assets), ...Object.values(manifest.entries).flatMap((e) => [...e.js, ...e.css, ...e.preload])]) {
      expect(manifest.files[path], path).toBeDefined()
    }
  })

  it('builds location-independent CSS and JS (relative base)', async () => {
    const css = await readFile(join(outDir, manifest.assets['src/styles/print.css']!), 'utf8')
    expect(css).toMatch(/url\((["']?)(\.\/)?logo-[-\w]{8}\.svg\1\)/)
    const mainCss = await readFile(join(outDir, manifest.entries['src/main.js']!.css.at(-1)!), 'utf8')
    expect(mainCss).toMatch(/url\((["']?)(\.\/)?fixture-[-\w]{8}\.woff2\1\)/)
    expect(mainCss).not.toContain('/static/')
  })

  it('writes a per-release copy of the manifest', async () => {
    const copy = await readFile(join(outDir, '.assetmap/releases', `${manifest.release}.json`), 'utf8')
    expect(copy).toBe(await readFile(join(outDir, 'assetmap.json'), 'utf8'))
  })

  it('is deterministic: a second build gives a byte-identical manifest', async () => {
    const again = await outputDir('vite-again')
    await buildWithVite(app, again)
    expect(await readFile(join(again, 'assetmap.json'), 'utf8')).toBe(await readFile(join(outDir, 'assetmap.json'), 'utf8'))
  })

  it('resolves through the runtime under a run-time base', () => {
    const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: 'https://cdn.example.com/static' })
    expect(assets.url('src/img/bg.png')).toBe(`https://cdn.example.com/static/${manifest.assets['src/img/bg.png']}`)
  })

  it('records an absolute Vite base, and the release and base options', async () => {
    const withBase = await outputDir('vite-base')
    await buildWithVite(app, withBase, undefined, { base: '/assets/' })
    expect((await readManifest(withBase)).base).toBe('/assets/')
    const withOptions = await outputDir('vite-options')
    await buildWithVite(app, withOptions, { base: 'https://cdn.example.com/x', release: 'v1.2.3' })
    const m = await readManifest(withOptions)
    expect([m.base, m.release]).toEqual(['https://cdn.example.com/x/', 'v1.2.3'])
  })

  it('rejects bad options before building, naming the option', async () => {
    await expect(buildWithVite(app, await outputDir('vite-bad'), { release: '../evil' })).rejects.toThrow(/Invalid release "\.\.\/evil"/)
    await expect(buildWithVite(app, await outputDir('vite-bad'), { base: 'static/' })).rejects.toThrow(/Invalid base URL "static\/"/)
  })
})
