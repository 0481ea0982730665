import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssets, loadManifest } from '@assetmap/runtime'
import { outputDir } from '../helpers/paths.ts'
import { thrown } from '../helpers/thrown.ts'

const manifest = {
  version: 1,
  release: 'r1',
  base: '/static/',
  assets: { 'app.css': 'app.0123456789ab.css' },
  entries: {},
  files: { 'app.0123456789ab.css': { size: 3, integrity: `sha384-${'A'.repeat(64)}` } },
}

describe('the manifest option of createAssets', () => {
  let out: string

  beforeAll(async () => {
    out = join(await outputDir('runtime-manifest-path'), 'dist/static')
    await mkdir(out, { recursive: true })
    await writeFile(join(out, 'assetmap.json'), JSON.stringify(manifest))
  })

  it('accepts the output folder, as the CLI does, reading the assetmap.json in it', () => {
    const assets = createAssets({ manifest: out, dev: false })
    expect(assets.url('app.css')).toBe('/static/app.0123456789ab.css')
    expect(assets.manifestPath).toBe(join(out, 'assetmap.json'))
    expect(assets.outDir).toBe(out)
    expect(loadManifest(out)).toEqual(manifest)
  })

  it('a missing manifest: says to run the build or to point createAssets\'s manifest option at it', () => {
    const error = thrown(() => createAssets({ manifest: join(out, 'nope.json'), dev: false }))
    expect(error).toMatchObject({ code: 'MANIFEST_NOT_FOUND', value: join(out, 'nope.json') })
    expect((error as Error).message).toBe(
      `[assetmap] No manifest at ${join(out, 'nope.json')}. Run the build first (vite build / webpack with the assetmap plugin, or \`assetmap build\`), or give createAssets() the right file or output folder as \`manifest\`.`,
    )
  })
})
