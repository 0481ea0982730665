import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import * as esbuild from 'esbuild'
import assetmap from '@assetmap/plugin/esbuild'
import { integrity } from '@assetmap/engine/internal'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

describe('an esbuild build with the plugin', () => {
  it('writes the manifest from the metafile: entries, CSS bundles, static chunks, file-loader assets', async () => {
    const out = await outputDir('esbuild')
    await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['src/main.js', 'src/other.js', 'src/styles/print.css'],
      bundle: true,
      splitting: true,
      format: 'esm',
      outdir: out,
      entryNames: '[name]-[hash]',
      chunkNames: 'chunks/[name]-[hash]',
      assetNames: 'assets/[name]-[hash]',
      loader: { '.png': 'file', '.svg': 'file', '.woff2': 'file' },
      sourcemap: true,
      logLevel: 'silent',
      plugins: [assetmap()],
    })
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries).sort()).toEqual(['src/main.js', 'src/other.js', 'src/styles/print.css'])
    const main = manifest.entries['src/main.js']!
    expect(main).toMatchObject({ type: 'module', js: [manifest.assets['src/main.js']] })
    expect(main.css).toHaveLength(1)
    expect(main.css[0]).toMatch(/^main-\w+\.css$/)
    expect(main.preload).toHaveLength(1)
    expect(main.preload[0]).toMatch(/^chunks\/chunk-\w+\.js$/)
    expect(main.preload).not.toContain(manifest.assets['src/lazy.js'])
    expect(manifest.entries['src/styles/print.css']).toEqual({ type: 'module', js: [], css: [manifest.assets['src/styles/print.css']], preload: [] })
    expect(manifest.assets['src/img/bg.png']).toMatch(/^assets\/bg-\w+\.png$/)
    expect(manifest.assets['src/fonts/fixture.woff2']).toMatch(/^assets\/fixture-\w+\.woff2$/)
    expect(Object.keys(manifest.files).sort()).toEqual(await listOutput(out))
    for (const [path, file] of Object.entries(manifest.files)) expect(file.integrity).toBe(integrity(await readFile(join(out, path))))
  })

  it('keeps a write: false build in memory: the manifest and variants join outputFiles, naming only files there', async () => {
    const out = await outputDir('esbuild-memory')
    const result = await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['src/admin.js'],
      bundle: true,
      format: 'iife',
      outdir: out,
      write: false,
      logLevel: 'silent',
      plugins: [assetmap({ compress: ['gzip'], static: [{ dir: '../served', prefix: 'served' }] })],
    })
    expect(await listOutput(out)).toEqual([])
    expect(existsSync(join(out, 'assetmap.json'))).toBe(false)
    const files = new Map(result.outputFiles!.map((file) => [file.path.slice(out.length + 1).split(sep).join('/'), file.contents]))
    const manifest = JSON.parse(Buffer.from(files.get('assetmap.json')!).toString('utf8')) as Manifest
    expect(validateManifest(manifest)).toEqual([])
    expect(files.has(`.assetmap/releases/${manifest.release}.json`)).toBe(true)
    const admin = manifest.entries['src/admin.js']!
    expect(admin.type).toBe('classic')
    expect(manifest.assets['served/css/app.css']).toMatch(/^served\/css\/app\.\w+\.css$/)
    for (const [path, file] of Object.entries(manifest.files)) {
      expect(files.has(path), path).toBe(true)
      expect(file.integrity, path).toBe(integrity(files.get(path)!))
      for (const encoding of file.encodings ?? []) expect(gunzipSync(files.get(`${path}.gz`)!).equals(Buffer.from(files.get(path)!)), `${path}.gz`).toBe(true)
    }
    expect(manifest.files[manifest.assets['served/css/app.css']!]!.encodings).toEqual(['gzip'])
  })
})
