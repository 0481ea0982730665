import { existsSync } from 'node:fs'
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
    expect(built.slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok'])
    expect(built[4]).toMatch(/^ENTRY_NOT_FOUND: Unknown entry "src\/styles\/main.css"/)
    expect(outcomes(dev)).toEqual(built)
  })
})
