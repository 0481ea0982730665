import { cpSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssets, validateManifest, type Manifest } from '@assetmap/runtime'
import { buildViteBackend } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

type ViteManifest = Record<string, { file: string; src?: string; isEntry?: boolean }>

describe('a `?url` CSS import, outside the Vite root or inside, resolves under the key Vite’s manifest gives it', () => {
  let app: string
  let outDir: string
  let manifest: Manifest
  let vite: ViteManifest

  beforeAll(async () => {
    app = join(await outputDir('vite-url-outside'), 'app')
    cpSync(fixture('vite-backend'), app, { recursive: true })
    writeFileSync(join(app, 'dir/url.css'), 'body { color: rebeccapurple }\n')
    writeFileSync(join(app, 'frontend/entrypoints/url.js'), "import href from '../../dir/url.css?url'\nimport about from '../routes/about.css?url'\nimport logo from '../../images/logo.svg?url'\ndocument.title = href + about + logo\n")
    outDir = await outputDir('vite-url-outside-out')
    await buildViteBackend(app, outDir, undefined, { build: { manifest: true, rollupOptions: { input: [join(app, 'frontend/entrypoints/url.js')] } } })
    manifest = await readManifest(outDir)
    vite = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as ViteManifest
  })

  it('resolves every key of Vite’s manifest to the same file', () => {
    expect(validateManifest(manifest)).toEqual([])
    const assets = createAssets({ manifest, baseUrl: '/static/', dev: false })
    const unresolved = Object.entries(vite).filter(([key, chunk]) => {
      try {
        return assets.url(key) !== `/static/${chunk.file}`
      } catch {
        return true
      }
    })
    expect(unresolved.map(([key]) => key)).toEqual([])
  })

  it('names each file by its path from the root too, the name that is the same on every machine', () => {
    const absolute = Object.keys(vite).filter((key) => key.startsWith('/'))
    // Vite (6, 7 and 8 alike) keys a CSS file imported with `?url` by its absolute path, inside the root or not.
    expect(absolute.map((key) => key.slice(app.length))).toEqual(['/dir/url.css', '/frontend/routes/about.css'])
    const assets = createAssets({ manifest, baseUrl: '/static/', dev: false })
    expect(assets.url('../dir/url.css')).toBe(assets.url(join(app, 'dir/url.css')))
    expect(assets.url('routes/about.css')).toBe(assets.url(join(app, 'frontend/routes/about.css')))
    expect(assets.url('../dir/url.css')).toMatch(/^\/static\/assets\/url-[\w-]{8}\.css$/)
  })
})
