import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as esbuild from 'esbuild'
import assetmap from '@assetmap/plugin/esbuild'
import { integrity } from '@assetmap/build'
import { validateManifest } from '@assetmap/runtime'
import { fixture, listOutput, outputDir, readManifest } from './helpers/paths.ts'

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

  it('hashes what esbuild keeps in memory with write: false', async () => {
    const out = await outputDir('esbuild-memory')
    const result = await esbuild.build({ absWorkingDir: app, entryPoints: ['src/admin.js'], bundle: true, format: 'iife', outdir: out, write: false, logLevel: 'silent', plugins: [assetmap()] })
    const manifest = await readManifest(out)
    const admin = manifest.entries['src/admin.js']!
    expect(admin.type).toBe('classic')
    const js = result.outputFiles!.find((file) => file.path.endsWith('.js'))!
    expect(manifest.files[admin.js[0]!]!.integrity).toBe(integrity(js.contents))
  })
})
