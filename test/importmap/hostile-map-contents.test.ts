import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { createAssets, type Manifest, type ManifestImportMap } from '@assetmap/runtime'
import { fixture, outputDir } from '../helpers/paths.ts'

/** A manifest of one module, `js/a.js`, with the import map given. */
function manifestWith(importMap: ManifestImportMap): Manifest {
  return {
    version: 1,
    base: '/static/',
    release: 'r1',
    entries: {},
    assets: { 'js/a.js': 'js/a.0123456789ab.js' },
    files: { 'js/a.0123456789ab.js': { integrity: 'sha384-AAAA', size: 1 } },
    importMap,
  }
}

/** The JSON of the one `<script type="importmap">` in `html`. */
function mapIn(html: string): { imports: Record<string, string> } {
  const found = [...html.matchAll(/<script type="importmap"[^>]*>(.*?)<\/script>/gs)]
  expect(found).toHaveLength(1)
  return JSON.parse(found[0]![1]!) as { imports: Record<string, string> }
}

describe('import map contents a manifest or a template may hold', () => {
  it('maps bare specifiers named like Object.prototype’s properties (__proto__, constructor), from the manifest and from imports=', () => {
    const record = JSON.parse('{"modules": {"js/a.js": []}, "specifiers": {"__proto__": "js/a.js", "constructor": "js/a.js"}}') as ManifestImportMap
    const assets = createAssets({ manifest: manifestWith(record) })
    expect(Object.keys(mapIn(assets.importMap()).imports).sort()).toEqual(['/static/js/a.js', '__proto__', 'constructor'])
    const extra = JSON.parse('{"__proto__": "https://cdn.example.com/x.js", "toString": "https://cdn.example.com/y.js"}') as Record<string, string>
    const plain = createAssets({ manifest: manifestWith({ modules: { 'js/a.js': [] }, specifiers: {} }) })
    expect(Object.keys(mapIn(plain.importMap([], { imports: extra })).imports).sort()).toEqual(['/static/js/a.js', '__proto__', 'toString'])
  })

  it('a build records a configured specifier named __proto__ in the manifest', async () => {
    const outDir = await outputDir('importmap-proto-specifier')
    const site = fixture('importmap-builds')
    const specifiers = JSON.parse('{"__proto__": "js/app.js"}') as Record<string, string>
    await completeBuild({ outDir, base: '/static/', static: { dirs: [join(site, 'site')], root: site, importMap: { specifiers }, onWarning: () => {} } })
    const manifest = JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')) as Manifest
    expect(Object.entries(manifest.importMap!.specifiers)).toEqual([['__proto__', 'js/app.js']])
  })

  it('keeps a specifier or an imports= value holding </script> or <!-- inside the map’s JSON', () => {
    const assets = createAssets({ manifest: manifestWith({ modules: { 'js/a.js': [] }, specifiers: { '</script><script>alert(1)</script>': 'js/a.js' } }) })
    const html = assets.importMap([], { imports: { '<!--x': 'https://cdn.example.com/</script>.js' } })
    expect(html.match(/<\/script>/g)).toHaveLength(1)
    expect(html).not.toContain('<!--')
    expect(mapIn(html).imports).toMatchObject({ '</script><script>alert(1)</script>': '/static/js/a.0123456789ab.js', '<!--x': 'https://cdn.example.com/</script>.js' })
  })
})
