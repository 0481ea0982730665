import type { Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import webpack, { type Configuration } from 'webpack'
import type { Browser } from 'playwright-core'
// @ts-expect-error: the example is plain JavaScript
import config from '../../examples/express-webpack/webpack.config.js'
// @ts-expect-error: the example is plain JavaScript
import { createWebpackApp } from '../../examples/express-webpack/server.js'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { outputDir, readManifest } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

function compile(options: Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(options, (error, stats) => {
      if (error || stats?.hasErrors()) reject(error ?? new Error(stats!.toString({ all: false, errors: true })))
      else resolve()
    })
  })
}

describe('the Express + Nunjucks + webpack example in headless Chromium', () => {
  let browser: Browser
  let server: Server | undefined
  let outDir: string

  beforeAll(async () => {
    outDir = join(await outputDir('example-webpack'), 'static')
    const base = config as Configuration
    await compile({ ...base, output: { ...base.output, path: outDir } })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await close(server)
  })

  it('runs classic deferred scripts in entrypoint order, with CSS, SRI and the lazy chunk', async () => {
    const manifest = await readManifest(outDir)
    const main = manifest.entries['src/main.js']!
    expect(main.type).toBe('classic')
    expect(main.js.map((file) => file.replace(/\.[0-9a-f]{8}\.js$/, ''))).toEqual(['js/runtime', 'js/main'])
    ;({ server } = await listen(createWebpackApp({ manifest: join(outDir, 'assetmap.json') })))
    const { port } = server!.address() as { port: number }
    const page = await browser.newPage()
    const log = watchPage(page)
    const response = await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' })
    await page.waitForFunction(() => document.querySelector('#lazy')?.textContent === 'loaded on demand', null, { timeout: 10_000 })
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    expect(await page.textContent('#status')).toBe('webpack main entry ran after the runtime chunk')
    expect(await page.evaluate(() => [getComputedStyle(document.querySelector('h1')!).color, getComputedStyle(document.querySelector('#status')!).color])).toEqual([
      'rgb(194, 24, 91)',
      'rgb(0, 121, 107)',
    ])
    const html = (await response!.text()).match(/<script [^>]*><\/script>/g) ?? []
    expect(html).toEqual(main.js.map((file) => `<script src="/static/${file}" defer integrity="${manifest.files[file]!.integrity}" crossorigin="anonymous"></script>`))
    expect(log.responses).toContainEqual({ url: `http://127.0.0.1:${port}/static/${manifest.assets['src/img/logo.svg']}`, status: 200 })
    await page.close()
  })
})
