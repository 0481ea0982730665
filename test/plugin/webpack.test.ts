import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { integrity } from '@assetmap/engine/internal'
import type { Stats } from 'webpack'
import { buildWithWebpack } from '../helpers/bundlers.ts'
import { expectWebpackFamilyManifest } from '../helpers/webpackFamily.ts'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

describe('webpack 5 build with the plugin', () => {
  let outDir: string
  let manifest: Manifest
  let stats: Stats

  beforeAll(async () => {
    outDir = await outputDir('webpack')
    stats = await buildWithWebpack(app, outDir)
    manifest = await readManifest(outDir)
  })

  it('writes a valid manifest keyed by source path, each classic entry in webpack load order with all its CSS', () => {
    expectWebpackFamilyManifest(manifest, stats.toJson({ all: false, entrypoints: true, chunks: true }))
  })

  it('drops the empty JS file webpack emits for a CSS-only entry', () => {
    const print = manifest.entries['src/styles/print.css']!
    expect(print.js).toEqual([])
    expect(print.css).toHaveLength(1)
    expect(print.css[0]).toMatch(/^css\/print\.[0-9a-f]{8}\.css$/)
    expect(manifest.assets['src/styles/print.css']).toBe(print.css[0])
  })

  it('lists every emitted file, source maps included, with the integrity of its bytes on disk', async () => {
    const emitted = await listOutput(outDir)
    expect(emitted.filter((path) => path.endsWith('.map')).length).toBeGreaterThan(5)
    expect(Object.keys(manifest.files).sort()).toEqual(emitted)
    for (const path of emitted) {
      const bytes = await readFile(join(outDir, path))
      expect(manifest.files[path]).toEqual({ size: bytes.byteLength, integrity: integrity(bytes) })
    }
  })

  it('is deterministic and keeps webpack hashes (no double hashing)', async () => {
    const again = await outputDir('webpack-again')
    await buildWithWebpack(app, again)
    expect(await readFile(join(again, 'assetmap.json'), 'utf8')).toBe(await readFile(join(outDir, 'assetmap.json'), 'utf8'))
    for (const path of Object.keys(manifest.files)) expect(path).toMatch(/\.[0-9a-f]{8}\.\w+(\.map)?$/)
  })

  it('uses publicPath auto so CSS references stay relative', async () => {
    const css = await readFile(join(outDir, manifest.entries['src/main.js']!.css.at(-1)!), 'utf8')
    expect(css).toMatch(/url\(\.\.\/assets\/bg\.[0-9a-f]{8}\.png\)/)
  })

  it('records an absolute output.publicPath as the manifest base', async () => {
    const out = await outputDir('webpack-public')
    await buildWithWebpack(app, out, undefined, { output: { path: out, publicPath: 'https://cdn.example.com/app/' } })
    const m = await readManifest(out)
    expect(m.base).toBe('https://cdn.example.com/app/')
    expect(m.assets['src/img/bg.png']).toMatch(/^[0-9a-f]{20}\.png$/)
    expect(createAssets({ manifest: m }).url('src/img/bg.png')).toBe(`https://cdn.example.com/app/${m.assets['src/img/bg.png']}`)
  })

  it('records module entries for output.module builds, with the other chunks preloaded', async () => {
    const out = await outputDir('webpack-esm')
    await buildWithWebpack(app, out, undefined, {
      experiments: { outputModule: true },
      output: { path: out, module: true, filename: 'js/[name].[contenthash:8].mjs', chunkFilename: 'js/[name].[contenthash:8].mjs', assetModuleFilename: 'assets/[name].[contenthash:8][ext]' },
    })
    const m = await readManifest(out)
    const main = m.entries['src/main.js']!
    expect(main.type).toBe('module')
    expect(main.js).toEqual([m.assets['src/main.js']])
    expect(main.preload.length).toBeGreaterThan(0)
    expect(main.preload).not.toContain(main.js[0])
  })
})
