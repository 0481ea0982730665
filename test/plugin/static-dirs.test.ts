import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { integrity } from '@assetmap/engine/internal'
import { validateManifest } from '@assetmap/runtime'
import { buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')
const site = fixture('static-site')
const bundlers = {
  vite: (out: string, options: Parameters<typeof buildWithVite>[2], warn?: (message: string) => void) =>
    buildWithVite(app, out, options, warn ? { customLogger: { warn, warnOnce: warn, info() {}, error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false } } : {}),
  webpack: async (out: string, options: Parameters<typeof buildWithWebpack>[2], warn?: (message: string) => void) => {
    const stats = await buildWithWebpack(app, out, options)
    for (const warning of stats.compilation.warnings) warn?.(warning.message)
  },
}

describe.each(Object.entries(bundlers))('the static option in a %s build', (_name, bundle) => {
  it('hashes the static dirs into the same manifest, with rewritten references', async () => {
    const out = await outputDir('plugin-static')
    const warnings: string[] = []
    await bundle(out, { static: [{ dir: site, prefix: 'site' }] }, (message) => warnings.push(message))
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(manifest.assets['site/css/site.css']).toMatch(/^site\/css\/site\.[0-9a-f]{12}\.css$/)
    expect(manifest.assets['src/main.js']).toBeDefined()
    const css = await readFile(join(out, manifest.assets['site/css/site.css']!), 'utf8')
    expect(css).toContain(`url(../img/${manifest.assets['site/img/logo.png']!.slice('site/img/'.length)})`)
    // Absolute references resolve from the static root: under the "site" prefix there is no img/logo.png there.
    expect(css).toContain(`url(/static/img/logo.png?v=1)`)
    for (const [path, file] of Object.entries(manifest.files)) {
      const bytes = await readFile(join(out, path))
      expect(file.integrity, path).toBe(integrity(bytes))
    }
    // Originals kept beside, and not listed as (immutable) manifest files.
    expect(await readFile(join(out, 'site/robots.txt'), 'utf8')).toBe('User-agent: *\n')
    expect(manifest.files['site/robots.txt']).toBeUndefined()
    expect((await listOutput(out)).filter((path) => !(path in manifest.files)).sort()).toContain('site/robots.txt')
    expect(warnings.some((warning) => warning.includes('site/css/site.css: "../img/missing.png" points at site/img/missing.png'))).toBe(true)
  })

  it('fails the build in strict mode, listing the broken references', async () => {
    await expect(bundle(await outputDir('plugin-strict'), { static: [site], strict: true })).rejects.toThrow(/broken reference\(s\)[\s\S]*css\/site\.css → \.\.\/img\/missing\.png/)
  })

  it('refuses a static file that takes a bundler name', async () => {
    await expect(bundle(await outputDir('plugin-dup'), { static: [{ dir: join(app), prefix: '' }] })).rejects.toThrow(/"src\/\S+" is both a bundler output/)
  })
})
