import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { outputDir, repoRoot } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

interface DevApp {
  app: { listen(port: number, host: string, cb: () => void): Server }
  close(): Promise<void>
}

/** A writable copy of the webpack example (sources, views, configs; no node_modules or dist). */
async function webpackExampleCopy(): Promise<string> {
  const app = join(await outputDir('webpack-dev'), 'app')
  cpSync(join(repoRoot, 'examples/express-webpack'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })
  return app
}

describe('npm run dev in the webpack example: webpack-dev-middleware and hot updates, in headless Chromium', () => {
  let browser: Browser
  let dev: DevApp | undefined
  let server: Server | undefined
  let app: string

  beforeAll(async () => {
    app = await webpackExampleCopy()
    const { createWebpackDevApp } = (await import(pathToFileURL(join(app, 'dev.js')).href)) as { createWebpackDevApp(): DevApp }
    dev = createWebpackDevApp()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await close(server)
    await dev?.close()
  })

  it('renders entry tags from the manifest held in memory, applies a CSS edit in place and reloads on a JS edit', async () => {
    const { origin, server: listening } = await listen(dev!.app)
    server = listening
    const page = await browser.newPage()
    const log = watchPage(page)
    const response = await page.goto(`${origin}/`, { waitUntil: 'load' })
    const html = await response!.text()
    expect(html).toContain('<script src="/static/js/main.js" defer')
    expect(html).toContain('<link rel="stylesheet" href="/static/css/main.css"')
    await page.waitForFunction(() => document.querySelector('#lazy')?.textContent === 'loaded on demand', null, { timeout: 20_000 })
    expect(await page.textContent('#status')).toBe('webpack main entry ran after the runtime chunk')
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(194, 24, 91)')
    // The manifest and every bundle file live in webpack's memory, not on disk.
    expect(existsSync(join(app, 'dist'))).toBe(false)
    const manifest = (await (await fetch(`${origin}/static/assetmap.json`)).json()) as { entries: Record<string, { js: string[] }> }
    expect(manifest.entries['src/main.js']!.js.at(-1)).toBe('js/main.js')

    // A CSS edit applies without a reload: the page keeps its state.
    await page.evaluate(() => Object.assign(window, { __kept: true }))
    const css = join(app, 'src/styles/main.css')
    writeFileSync(css, readFileSync(css, 'utf8').replace('rgb(194, 24, 91)', 'rgb(10, 20, 30)'))
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(10, 20, 30)', null, { timeout: 20_000 })
    expect(await page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept)).toBe(true)

    // A JS edit nothing accepts reloads the page, which renders the new entry tags and runs the new code.
    const shared = join(app, 'src/shared.js')
    writeFileSync(shared, readFileSync(shared, 'utf8').replace('ran after the runtime chunk', 'was edited live'))
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'webpack main entry was edited live', null, { timeout: 20_000 })
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(10, 20, 30)')
    expect(log.errors).toEqual([])
    expect(log.failed.filter((failure) => !failure.includes('__webpack_hmr'))).toEqual([])
  })
})
