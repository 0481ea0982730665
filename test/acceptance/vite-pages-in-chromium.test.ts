import type { Server } from 'node:http'
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'vite'
import type { Browser } from 'playwright-core'
import type { Manifest } from '@assetmap/runtime'
// @ts-expect-error: the example is plain JavaScript
import { createApp, createCdnApp } from '../../examples/express-vite/app.js'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { outputDir, readManifest, repoRoot } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

const example = join(repoRoot, 'examples/express-vite')

describe('the Express + Nunjucks + Vite example in headless Chromium', () => {
  let browser: Browser
  let outDir: string
  let manifest: Manifest
  const servers: Server[] = []

  async function start(handler: Parameters<typeof listen>[0]): Promise<string> {
    const { origin, server } = await listen(handler)
    servers.push(server)
    return origin
  }

  beforeAll(async () => {
    outDir = join(await outputDir('example'), 'static')
    await build({ root: example, configFile: join(example, 'vite.config.js'), logLevel: 'silent', build: { outDir, emptyOutDir: true } })
    manifest = await readManifest(outDir)
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await Promise.all(servers.map(close))
  })

  async function visit(url: string) {
    const page = await browser.newPage()
    const log = watchPage(page)
    const response = await page.goto(url, { waitUntil: 'networkidle' })
    return { page, log, html: (await response?.text()) ?? '' }
  }

  it.each([
    ['the same origin at /static/', undefined],
    ['a second origin acting as the CDN', 'cdn'],
  ] as const)('works with assets from %s', async (_label, mode) => {
    const manifestPath = join(outDir, 'assetmap.json')
    const cdn = mode === 'cdn' ? await start(createCdnApp({ manifest: manifestPath })) : undefined
    const baseUrl = cdn ? `${cdn}/static/` : undefined
    const { app } = createApp({ manifest: manifestPath, baseUrl })
    const origin = await start(app)
    const { page, log, html } = await visit(`${origin}/`)
    await page.waitForFunction(() => (document.querySelector('#chart') as HTMLElement | null)?.dataset.loaded === 'true', null, { timeout: 10_000 })

    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    expect(log.responses.filter((r) => r.status >= 400)).toEqual([])

    const assetOrigin = cdn ?? origin
    const assetUrls = log.responses.map((r) => r.url).filter((url) => url.includes('/static/'))
    expect(assetUrls.length).toBeGreaterThanOrEqual(9)
    for (const url of assetUrls) expect(url.startsWith(`${assetOrigin}/static/`), url).toBe(true)

    // Served by @assetmap/serve in production mode: hashed, immutable, brotli to a browser that accepts it.
    const mainUrl = `${assetOrigin}/static/${manifest.entries['src/main.ts']!.js[0]}`
    expect(log.headers.get(mainUrl)).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      'content-encoding': 'br',
      'content-type': 'text/javascript; charset=utf-8',
      vary: 'Accept-Encoding',
    })

    // The entry's JS ran, through the shared chunk, and its dynamic import loaded with its CSS.
    expect(await page.evaluate(() => document.body.dataset.entry)).toBe('main')
    expect(await page.textContent('#status')).toBe('Hello from the main entry, through a shared chunk.')
    expect(log.responses.some((r) => r.url.endsWith(manifest.assets['src/lazy/chart.ts']!))).toBe(true)

    // Stylesheets applied: the entry's own, the shared chunk's, and the lazily loaded chunk's.
    const colors = await page.evaluate(() => [
      getComputedStyle(document.querySelector('h1')!).color,
      getComputedStyle(document.querySelector('#status')!).color,
      getComputedStyle(document.querySelector('.bar')!).backgroundColor,
    ])
    expect(colors).toEqual(['rgb(21, 101, 192)', 'rgb(106, 27, 154)', 'rgb(46, 125, 50)'])

    // The font from CSS loaded, the CSS background image loaded, the template-only image loaded.
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter((font) => font.family.includes('Demo Sans')).map((font) => font.status)
    })
    expect(fonts).toEqual(['loaded'])
    expect(log.responses).toContainEqual({ url: `${assetOrigin}/static/${manifest.assets['src/img/hero.png']}`, status: 200 })
    expect(await page.evaluate(() => (document.querySelector('#badge') as HTMLImageElement).naturalWidth)).toBe(120)
    expect(await page.getAttribute('#badge', 'src')).toBe(`${baseUrl ?? '/static/'}${manifest.assets['img/badge.svg']}`)

    // Every tag the entry tags rendered carries integrity and the nonce, and the browser accepted them
    // (the scripts ran and the styles applied above, under a nonce-based CSP).
    const tags = html.match(/<(script|link rel="(stylesheet|modulepreload)")[^>]*>/g) ?? []
    expect(tags).toHaveLength(5)
    for (const tag of tags) expect(tag).toMatch(/ integrity="sha384-[^"]+" crossorigin="anonymous" nonce="[^"]+"/)
    await page.close()
  })

  it('blocks a tampered file through SRI', async () => {
    const tampered = join(await outputDir('tampered'), 'static')
    await cp(outDir, tampered, { recursive: true })
    const mainJs = join(tampered, manifest.assets['src/main.ts']!)
    await writeFile(mainJs, `${await readFile(mainJs, 'utf8')}\ndocument.body.dataset.tampered = 'yes'\n`)
    // Tamper with what is served: the precompressed variants too.
    for (const variant of ['.br', '.gz', '.zst']) await rm(`${mainJs}${variant}`, { force: true })
    const cdn = await start(createCdnApp({ manifest: join(tampered, 'assetmap.json') }))
    const { app } = createApp({ manifest: join(outDir, 'assetmap.json'), baseUrl: `${cdn}/static/` })
    const origin = await start(app)
    const { page, log } = await visit(`${origin}/`)
    expect(await page.evaluate(() => [document.body.dataset.entry, document.body.dataset.tampered])).toEqual([undefined, undefined])
    expect(log.errors.some((error) => /integrity/i.test(error) && error.includes(manifest.assets['src/main.ts']!))).toBe(true)
    expect(await page.textContent('#status')).toBe('JavaScript has not run.')
    await page.close()
  })
})
