import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssets, validateManifest, type Manifest } from '@assetmap/runtime'
import { buildViteBackend } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('vite-backend')

type ViteManifest = Record<string, { file: string; src?: string; isEntry?: boolean; css?: string[] }>

describe('every key of Vite’s own manifest resolves in assetmap (inputs outside root)', () => {
  let outDir: string
  let manifest: Manifest
  let vite: ViteManifest
  const warnings: string[] = []

  beforeAll(async () => {
    outDir = await outputDir('vite-keys')
    await buildViteBackend(app, outDir, undefined, {
      logLevel: 'warn',
      customLogger: { info() {}, warn: (message: string) => warnings.push(message), warnOnce: (message: string) => warnings.push(message), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false },
      build: { manifest: true },
    })
    manifest = await readManifest(outDir)
    vite = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as ViteManifest
  })

  it('resolves each key to the file Vite’s manifest gives it', () => {
    expect(validateManifest(manifest)).toEqual([])
    const assets = createAssets({ manifest, baseUrl: 'https://cdn.example.com/static/' })
    expect(Object.keys(vite)).toEqual(expect.arrayContaining(['../dir/foo.css', '../dir/custom.css', '../vendor/colors.mjs', '../images/logo.svg']))
    const unresolved = Object.entries(vite).filter(([key, chunk]) => {
      try {
        return assets.url(key) !== `https://cdn.example.com/static/${chunk.file}`
      } catch {
        return true
      }
    })
    expect(unresolved.map(([key]) => key)).toEqual([])
  })

  it('records every Vite entry as an entry under the same key', () => {
    const entries = Object.entries(vite).filter(([, chunk]) => chunk.isEntry).map(([key]) => key)
    expect(Object.keys(manifest.entries).sort()).toEqual(entries.sort())
    expect(manifest.entries['../dir/foo.css']).toEqual({ type: 'module', js: [], css: [vite['../dir/foo.css']!.file], preload: [] })
    expect(manifest.entries['entrypoints/app.js']!.css).toEqual(vite['entrypoints/app.js']!.css)
  })

  it('gives every output a name, so the build reports none missing', () => {
    // Rolldown's PLUGIN_TIMINGS names the slowest plugins when the machine is slow: about time, not names.
    expect(warnings.filter((w) => w.includes('assetmap') && !w.includes('[PLUGIN_TIMINGS]'))).toEqual([])
  })

  it('says so, naming the file, when an entry has no name a template could use (a virtual module)', async () => {
    const out = await outputDir('vite-keys-virtual')
    const seen: string[] = []
    const virtualEntry = { name: 'virtual-entry', resolveId: (id: string) => (id === 'virtual:widget' ? '\0virtual:widget' : undefined), load: (id: string) => (id === '\0virtual:widget' ? 'window.__widget = 1' : undefined) }
    await buildViteBackend(app, out, undefined, {
      logLevel: 'warn',
      customLogger: { info() {}, warn: (message: string) => seen.push(message), warnOnce: (message: string) => seen.push(message), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false },
      plugins: [virtualEntry],
      build: { rollupOptions: { input: ['entrypoints/app.js', 'virtual:widget'] } },
    })
    const widget = Object.keys((await readManifest(out)).files).find((file) => /widget.*\.js$/.test(file))
    expect(widget).toBeDefined()
    expect(seen.filter((w) => w.includes('No logical name'))).toEqual([expect.stringContaining(`"${widget}"`)])
  })
})
