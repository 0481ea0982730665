import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rolldown } from 'rolldown'
import assetmap from '@assetmap/plugin/rolldown'
import { integrity } from '@assetmap/engine/internal'
import { validateManifest } from '@assetmap/runtime'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('plain-js')

describe('a plain Rolldown build with the plugin', () => {
  it('writes the manifest for JS entries, chunks and their closure', async () => {
    const out = await outputDir('rolldown')
    const bundle = await rolldown({
      cwd: app,
      input: ['src/a.js', 'src/b.js'],
      plugins: [assetmap({ root: app })],
    })
    await bundle.write({ dir: out, entryFileNames: '[name]-[hash].js', chunkFileNames: '[name]-[hash].js', format: 'es' })
    await bundle.close()
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries).sort()).toEqual(['src/a.js', 'src/b.js'])
    const other = manifest.entries['src/a.js']!
    expect(other.type).toBe('module')
    expect(other.js).toEqual([manifest.assets['src/a.js']])
    expect(other.preload).toHaveLength(1)
    expect(other.preload[0]).toMatch(/^common-[-\w]+\.js$/)
    expect(other.preload).not.toContain(manifest.assets['src/later.js'])
    expect(Object.keys(manifest.files).sort()).toEqual(await listOutput(out))
    for (const [path, file] of Object.entries(manifest.files)) expect(file.integrity).toBe(integrity(await readFile(join(out, path))))
  })
})
