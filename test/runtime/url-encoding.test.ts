import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { createAssets, type Assets } from '@assetmap/runtime'
import { escapeHtml } from '@assetmap/runtime/internal'
import { serveAssets } from '@assetmap/serve'
import assetmapWebpack from '@assetmap/plugin/webpack'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

/** File names that are legal on disk but mean something else in a URL unless encoded. */
const ODD_NAMES = ['100%.png', '%41.png', 'hash#tag.png', 'q?mark.png', 'new\nline.png', 'tab\t.png', 'space name.png', 'ünï.png', "it's&more.png", 'plain.png']

/** A page with one image per name, each URL from `assets`. */
function page(assets: Assets): string {
  const images = ODD_NAMES.map((name) => `<img src="${escapeHtml(assets.url(`img/${name}`))}" alt="">`).join('\n')
  return `<!doctype html><title>odd names</title><link rel="icon" href="data:,">${images}\n`
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void

describe('URLs of files with odd names load in Chromium', () => {
  let browser: Browser
  const servers: Server[] = []
  let assets: Assets
  let scripts: Assets
  /** Serves both builds: the static one under /static/, the webpack one under /webpack/. */
  let files: Handler
  let cdnOrigin: string

  /** A server that answers `/` with `render()` and everything else from the builds. */
  async function start(render: () => string): Promise<string> {
    const { origin, server } = await listen(
      createServer((req, res) => {
        if (req.url !== '/') return files(req, res)
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(render())
      }),
    )
    servers.push(server)
    return origin
  }

  beforeAll(async () => {
    const root = await outputDir('odd-names')
    const src = join(root, 'src')
    mkdirSync(join(src, 'img'), { recursive: true })
    for (const name of ODD_NAMES) copyFileSync(join(fixture('app'), 'src/img/bg.png'), join(src, 'img', name))
    const out = join(root, 'out')
    await buildCommand({ dirs: [src], out, onWarning: () => {} })
    assets = createAssets({ manifest: join(out, 'assetmap.json'), baseUrl: '/static/', dev: false })

    // A webpack entry whose output file name has a percent sign and a space in it.
    const app = join(root, 'app')
    mkdirSync(join(app, 'src'), { recursive: true })
    writeFileSync(join(app, 'src/odd.js'), 'document.documentElement.dataset.odd = "ran"\n')
    const webpackOut = join(root, 'webpack')
    await buildWithWebpack(app, webpackOut, {}, { entry: { '100% sure': './src/odd.js' }, devtool: false, optimization: { runtimeChunk: false }, plugins: [assetmapWebpack()] })
    scripts = createAssets({ manifest: join(webpackOut, 'assetmap.json'), baseUrl: '/webpack/', dev: false })

    const staticFiles = serveAssets(assets, { prefix: '/static/', cors: true, onWarning: () => {} })
    const webpackFiles = serveAssets(scripts, { prefix: '/webpack/', cors: true, onWarning: () => {} })
    files = (req, res) => (req.url?.startsWith('/webpack/') ? webpackFiles(req, res) : staticFiles(req, res))
    cdnOrigin = await start(() => '')
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    for (const server of servers) await close(server)
  })

  it('encodes every path segment, and nothing else', () => {
    const url = (name: string): string => assets.url(`img/${name}`)
    expect(url('100%.png')).toMatch(/^\/static\/img\/100%25\.[0-9a-f]+\.png$/)
    expect(url('%41.png')).toMatch(/^\/static\/img\/%2541\.[0-9a-f]+\.png$/)
    expect(url('hash#tag.png')).toMatch(/^\/static\/img\/hash%23tag\.[0-9a-f]+\.png$/)
    expect(url('q?mark.png')).toMatch(/^\/static\/img\/q%3Fmark\.[0-9a-f]+\.png$/)
    expect(url('new\nline.png')).toMatch(/^\/static\/img\/new%0Aline\.[0-9a-f]+\.png$/)
    expect(url('plain.png')).toMatch(/^\/static\/img\/plain\.[0-9a-f]+\.png$/)
    // What the browser itself keeps in a path stays, so a chunk has one URL whoever names it.
    const files = { 'js/[id]|^.0a1b2c3d.js': { size: 1, integrity: 'sha256-AAAA' }, 'js/ünï.0a1b2c3d.js': { size: 1, integrity: 'sha256-AAAA' } }
    const kept = createAssets({ manifest: { version: 1, release: 'r', base: '/s/', assets: { a: 'js/[id]|^.0a1b2c3d.js', b: 'js/ünï.0a1b2c3d.js' }, entries: {}, files }, dev: false })
    for (const name of ['a', 'b']) expect(kept.url(name)).toBe(new URL(kept.manifest.assets[name]!, 'http://x/s/').pathname)
    expect(kept.url('a')).toBe('/s/js/[id]|^.0a1b2c3d.js')
    expect(assets.withBase('https://cdn.example.com/ab').url('img/100%.png')).toMatch(/^https:\/\/cdn\.example\.com\/ab\/img\/100%25\./)
    expect(scripts.entry('src/odd.js').js).toEqual([expect.stringMatching(/^\/webpack\/js\/100%25%20sure\.[0-9a-f]{8}\.js$/)])
  })

  it.each([
    ['from the app origin', false],
    ['from a CDN origin (withBase)', true],
  ])('loads every image and the entry script %s', async (_label, viaCdn) => {
    const images = viaCdn ? assets.withBase(`${cdnOrigin}/static/`) : assets
    const entry = viaCdn ? scripts.withBase(`${cdnOrigin}/webpack/`) : scripts
    const origin = await start(() => page(images) + entry.entryTags('src/odd.js'))
    const tab = await browser.newPage()
    const log = watchPage(tab)
    await tab.goto(`${origin}/`, { waitUntil: 'networkidle' })
    expect(log.responses.filter((response) => response.status !== 200)).toEqual([])
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    const widths = await tab.evaluate(() => [...document.images].map((image) => [image.getAttribute('src'), image.naturalWidth]))
    expect(widths).toHaveLength(ODD_NAMES.length)
    for (const [src, width] of widths) expect(width, String(src)).toBe(64)
    expect(await tab.evaluate(() => document.documentElement.dataset.odd)).toBe('ran')
    await tab.close()
  })
})
