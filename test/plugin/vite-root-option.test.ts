import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateManifest } from '@assetmap/runtime'
import { buildViteBackend } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('vite-backend')

describe('the plugin’s root option on a Vite build whose root differs', () => {
  it('keeps every entry, CSS-only ones included, and names every source from the option’s root', async () => {
    const out = await outputDir('vite-root-option')
    // Like `root: import.meta.dirname` in a vite.config.js one folder above Vite's `root`.
    await buildViteBackend(app, out, { root: app })
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries).sort()).toEqual([
      'dir/custom.css',
      'dir/foo.css',
      'frontend/entrypoints/app.js',
      'frontend/entrypoints/styles.css',
      'vendor/colors.mjs',
    ])
    expect(manifest.entries['dir/foo.css']!.css).toEqual([manifest.assets['dir/foo.css']])
    for (const name of ['frontend/fonts/fixture.woff2', 'frontend/images/bg.png', 'images/logo.svg', 'frontend/routes/about.js']) expect(manifest.assets[name], name).toBeDefined()
    // One root for every name: each is a real source file under the option's folder.
    const names = Object.keys(manifest.assets).filter((name) => !name.startsWith('_'))
    expect(names.filter((name) => !existsSync(join(app, name)))).toEqual([])
  })
})
