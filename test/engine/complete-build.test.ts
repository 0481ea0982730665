import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { createFsFromVolume, Volume } from 'memfs'
import type { Compiler } from 'webpack'
import { describe, expect, it } from 'vitest'
import { completeBuild, memoryIO, type OutputIO } from '@assetmap/engine'
import { integrity } from '@assetmap/engine/internal'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir } from '../helpers/paths.ts'

const OUT = '/memory/out'

/** An in-memory output that records every write and removal, in order. */
function recordingIO(files = new Map<string, Uint8Array>()): { io: OutputIO; files: Map<string, Uint8Array>; log: string[] } {
  const inner = memoryIO(files)
  const log: string[] = []
  const io: OutputIO = {
    ...inner,
    async writeFile(path, data) {
      log.push(`write ${path.slice(OUT.length + 1)}`)
      // Whatever the manifest names must already be there when it is written (docs/design.md invariant 4).
      if (path === join(OUT, 'assetmap.json')) {
        const manifest = JSON.parse(data.toString()) as Manifest
        for (const [file, { encodings }] of Object.entries(manifest.files)) {
          expect(files.has(join(OUT, file)), file).toBe(true)
          for (const encoding of encodings ?? []) expect(files.has(join(OUT, `${file}.${encoding === 'br' ? 'br' : encoding === 'gzip' ? 'gz' : 'zst'}`))).toBe(true)
        }
      }
      return inner.writeFile(path, data)
    },
    async removeFile(path) {
      log.push(`remove ${path.slice(OUT.length + 1)}`)
      return inner.removeFile(path)
    },
  }
  return { io, files, log }
}

const text = (value: string): Uint8Array => Buffer.from(value)

describe('completeBuild: one pipeline for every build', () => {
  it('writes static files and variants first, then the release copy, then the manifest, naming only what was written', async () => {
    const { io, files, log } = recordingIO(new Map([[join(OUT, 'app.js'), text(`console.log(${JSON.stringify('x'.repeat(400))})`)]]))
    const { manifest } = await completeBuild({
      outDir: OUT,
      base: '/static/',
      bundle: { files: ['app.js'], assets: [['src/app.js', 'app.js']], entries: [['src/app.js', { type: 'module', js: ['app.js'], css: [], preload: [] }]] },
      static: { dirs: [{ dir: fixture('served'), prefix: 'served' }], root: '/', onWarning: () => {} },
      compress: ['gzip'],
      io,
    })
    expect(validateManifest(manifest)).toEqual([])
    expect(log.slice(-2)).toEqual([`write .assetmap/releases/${manifest.release}.json`, 'write assetmap.json'])
    expect(manifest.files['app.js']!.encodings).toEqual(['gzip'])
    expect(gunzipSync(files.get(join(OUT, 'app.js.gz'))!).equals(Buffer.from(files.get(join(OUT, 'app.js'))!))).toBe(true)
    for (const [path, file] of Object.entries(manifest.files)) expect(file.integrity, path).toBe(integrity(files.get(join(OUT, path))!))
    // Nothing reached the disk: the static stage ran in a staging folder that is gone.
    expect(existsSync(OUT)).toBe(false)
  })

  it('writes no manifest when a stage fails, so the previous one stays in use', async () => {
    const previous = text('{"previous":true}')
    const { io, files, log } = recordingIO(new Map([[join(OUT, 'assetmap.json'), previous]]))
    const failing = completeBuild({ outDir: OUT, base: '/static/', bundle: { files: ['missing.js'], assets: [], entries: [] }, io })
    await expect(failing).rejects.toThrow(/missing\.js/)
    expect(log).toEqual([])
    expect(files.get(join(OUT, 'assetmap.json'))).toBe(previous)
  })

  it('removes a variant that no longer encodes a rewritten file, and keeps one that still does', async () => {
    const changed = `console.log(${JSON.stringify('new'.repeat(200))})`
    const same = `console.log(${JSON.stringify('same'.repeat(200))})`
    const { io, files, log } = recordingIO(
      new Map([
        [join(OUT, 'app.js'), text(changed)],
        [join(OUT, 'app.js.gz'), gzipSync(`console.log(${JSON.stringify('old'.repeat(200))})`)],
        [join(OUT, 'app.js.br'), text('not brotli at all')],
        [join(OUT, 'vendor.js'), text(same)],
        [join(OUT, 'vendor.js.gz'), gzipSync(same)],
      ]),
    )
    const { removedVariants } = await completeBuild({ outDir: OUT, base: '/static/', bundle: { files: ['app.js', 'vendor.js'], assets: [], entries: [] }, io })
    expect(removedVariants.sort()).toEqual(['app.js.br', 'app.js.gz'])
    expect(files.has(join(OUT, 'app.js.gz'))).toBe(false)
    expect(files.has(join(OUT, 'vendor.js.gz'))).toBe(true)
    expect(log.indexOf('remove app.js.gz')).toBeLessThan(log.indexOf('write assetmap.json'))
  })
})

describe('webpack writing to memory (memfs, as webpack-dev-middleware does)', () => {
  it('puts the manifest, static files and variants in its output file system, every named file present, nothing on disk', async () => {
    const out = join(await outputDir('webpack-memfs'), 'static')
    const fs = createFsFromVolume(new Volume())
    await buildWithWebpack(fixture('app'), out, { compress: ['gzip'], static: [{ dir: '../served', prefix: 'served' }] }, {}, fs as unknown as Compiler['outputFileSystem'])
    expect(existsSync(out)).toBe(false)
    const manifest = JSON.parse(fs.readFileSync(join(out, 'assetmap.json'), 'utf8') as string) as Manifest
    expect(validateManifest(manifest)).toEqual([])
    expect(fs.existsSync(join(out, `.assetmap/releases/${manifest.release}.json`))).toBe(true)
    expect(manifest.entries['src/main.js']!.js.length).toBeGreaterThan(0)
    expect(manifest.files[manifest.assets['served/css/app.css']!]!.encodings).toEqual(['gzip'])
    for (const [path, file] of Object.entries(manifest.files)) {
      const bytes = fs.readFileSync(join(out, path)) as Buffer
      expect(file.integrity, path).toBe(integrity(bytes))
      for (const encoding of file.encodings ?? []) expect(gunzipSync(fs.readFileSync(join(out, `${path}.gz`)) as Buffer).equals(bytes), path).toBe(true)
    }
  })
})
