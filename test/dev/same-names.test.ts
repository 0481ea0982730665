import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { build, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { DEV_FILE } from '@assetmap/runtime/internal'
import { exampleCopy } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { until } from '../helpers/until.ts'

/** Each line of one template, rendered alone: the names it uses either work or fail. */
const LINES = [
  "{% entry 'src/main.ts' %}",
  "{% entry 'src/styles/print.css' %}",
  "{{ static('img/badge.svg') }}",
  "{{ static('src/img/hero.png') }}",
  // Small enough for Vite to inline: into the JS (an import) and into the CSS (a url()).
  "{{ static('src/img/dot.png') }}",
  "{{ static('src/img/tile.png') }}",
  // A stylesheet that exists but is no build input: never an entry.
  "{% entry 'src/styles/main.css' %}",
  "{% entry 'src/mian.ts' %}",
  "{{ static('img/bagde.svg') }}",
]

/** What each line gives: 'ok', or the error's code and the message without where it looked. */
function outcomes(assets: Assets): string[] {
  const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets)
  return LINES.map((line) => {
    try {
      env.renderString(line, {})
      return 'ok'
    } catch (error) {
      // Nunjucks wraps the error: its message ends with assetmap's, which names where it looked.
      const message = String((error as Error).message)
      const own = message.slice(message.indexOf('Unknown ')).replace(/ in .*?\.( Did| Names| Entries)/, '.$1')
      return `${own.startsWith('Unknown entry') ? 'ENTRY_NOT_FOUND' : 'ASSET_NOT_FOUND'}: ${own}`
    }
  })
}

describe('one template in development and in production: every name works in both or fails in both, with the same message', () => {
  let app: string
  let vite: ViteDevServer

  beforeAll(async () => {
    app = await exampleCopy('same-names')
    // Vite's default inline limit (4 KiB), and two small images the build inlines.
    const config = join(app, 'vite.config.js')
    writeFileSync(config, readFileSync(config, 'utf8').replace('assetsInlineLimit: 0,', ''))
    const png = readFileSync(join(app, 'src/img/hero.png')).subarray(0, 200)
    writeFileSync(join(app, 'src/img/dot.png'), png)
    writeFileSync(join(app, 'src/img/tile.png'), Buffer.concat([png, Buffer.from('tile')]))
    appendFileSync(join(app, 'src/main.ts'), "\nimport dot from './img/dot.png'\ndocument.body.dataset.dot = dot\n")
    appendFileSync(join(app, 'src/styles/main.css'), '\n.tile { background: url(../img/tile.png); }\n')
    await build({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent' })
    vite = await createServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { port: await freePort(), host: '127.0.0.1' } })
    await vite.listen()
    await until(() => existsSync(join(app, 'dist/static', DEV_FILE)), 'assetmap.dev.json')
  }, 120_000)

  afterAll(() => vite?.close())

  it('gives the same outcome for each line under vite and from the build', () => {
    const manifest = join(app, 'dist/static/assetmap.json')
    const dev = createAssets({ manifest })
    const production = createAssets({ manifest, dev: false })
    expect([dev.dev, production.dev]).toEqual([true, false])
    const built = outcomes(production)
    expect(built.slice(0, 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok'])
    expect(built[6]).toMatch(/^ENTRY_NOT_FOUND: Unknown entry "src\/styles\/main.css"/)
    expect(outcomes(dev)).toEqual(built)
  })

  it('still inlines the small files into the bundle, and writes each as a file of its own for templates', () => {
    const production = createAssets({ manifest: join(app, 'dist/static/assetmap.json'), dev: false })
    const entry = production.manifest.entries['src/main.ts']!
    const js = readFileSync(join(app, 'dist/static', entry.js[0]!), 'utf8')
    const css = entry.css.map((file) => readFileSync(join(app, 'dist/static', file), 'utf8')).join('\n')
    expect(js).toContain('data:image/png;base64,')
    expect(css).toMatch(/\.tile\s*\{\s*background:\s*url\(["']?data:image\/png;base64,/)
    for (const name of ['src/img/dot.png', 'src/img/tile.png']) {
      const file = production.manifest.assets[name]!
      expect(readFileSync(join(app, 'dist/static', file))).toEqual(readFileSync(join(app, name)))
    }
  })
})
