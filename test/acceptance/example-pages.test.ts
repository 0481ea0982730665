import type { Server } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'vite'
import webpack, { type Configuration } from 'webpack'
import type { Browser } from 'playwright-core'
import type { Manifest } from '@assetmap/runtime'
// @ts-expect-error: the example is plain JavaScript
import { createApp, createCdnApp } from '../../examples/express-vite/app.js'
// @ts-expect-error: the example is plain JavaScript
import webpackConfig from '../../examples/express-webpack/webpack.config.js'
// @ts-expect-error: the example is plain JavaScript
import { createWebpackApp } from '../../examples/express-webpack/server.js'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { outputDir, readManifest, repoRoot } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

// What a visitor sees on every page of both examples, same-origin and behind the CDN stand-in:
// the banner, the heading in the page's font, nothing meant for print.
const MODES = ['same-origin', 'cdn'] as const

let browser: Browser
const servers: Server[] = []

async function start(handler: Parameters<typeof listen>[0]): Promise<string> {
  const { origin, server } = await listen(handler)
  servers.push(server)
  return origin
}

async function visit(url: string) {
  const page = await browser.newPage()
  const log = watchPage(page)
  await page.goto(url, { waitUntil: 'networkidle' })
  await page.evaluate(() => document.fonts.ready)
  return { page, log }
}

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await Promise.all(servers.map(close))
})

describe('the Vite example pages look intentional', () => {
  let outDir: string
  let manifest: Manifest

  beforeAll(async () => {
    const example = join(repoRoot, 'examples/express-vite')
    outDir = join(await outputDir('example-pages'), 'static')
    await build({ root: example, configFile: join(example, 'vite.config.js'), logLevel: 'silent', build: { outDir, emptyOutDir: true } })
    manifest = await readManifest(outDir)
  })

  it.each(MODES.flatMap((mode) => ['/', '/admin'].map((path) => [path, mode] as const)))('%s (%s): banner, heading font, print-only line hidden', async (path, mode) => {
    const manifestPath = join(outDir, 'assetmap.json')
    const cdn = mode === 'cdn' ? await start(createCdnApp({ manifest: manifestPath })) : undefined
    const origin = await start(createApp({ manifest: manifestPath, baseUrl: cdn ? `${cdn}/static/` : undefined }).app)
    const { page, log } = await visit(`${origin}${path}`)
    const look = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!)
      return {
        hero: style('.hero').backgroundImage,
        heroHeight: style('.hero').height,
        heading: style('h1').fontFamily,
        font: [...document.fonts].filter((font) => font.family.includes('Demo Sans')).map((font) => font.status),
        printOnly: style('.print-only').display,
      }
    })
    expect(look).toEqual({
      hero: `url("${cdn ?? origin}/static/${manifest.assets['src/img/hero.png']}")`,
      heroHeight: '120px',
      heading: '"Demo Sans", sans-serif',
      font: ['loaded'],
      printOnly: 'none',
    })
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    await page.emulateMedia({ media: 'print' })
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.print-only')!).display)).toBe('block')
    await page.close()
  })
})

describe('the webpack example page looks intentional', () => {
  let outDir: string

  beforeAll(async () => {
    outDir = join(await outputDir('example-pages-webpack'), 'static')
    const base = webpackConfig as Configuration
    await new Promise<void>((resolve, reject) =>
      webpack({ ...base, output: { ...base.output, path: outDir } }, (error, stats) => (error || stats?.hasErrors() ? reject(error ?? new Error(stats!.toString('errors-only'))) : resolve())),
    )
  })

  it.each(MODES)('(%s): the page layout and the logo from CSS', async (mode) => {
    const manifest = join(outDir, 'assetmap.json')
    const cdn = mode === 'cdn' ? await start(createWebpackApp({ manifest })) : undefined
    const origin = await start(createWebpackApp({ manifest, baseUrl: cdn ? `${cdn}/static/` : undefined }))
    const { page, log } = await visit(`${origin}/`)
    await page.waitForFunction(() => document.querySelector('#lazy')?.textContent === 'loaded on demand')
    const look = await page.evaluate(() => ({
      body: getComputedStyle(document.body).fontFamily,
      margin: getComputedStyle(document.body).margin,
      banner: getComputedStyle(document.querySelector('header')!).backgroundImage.startsWith('linear-gradient'),
      logo: (document.querySelector('#logo') as HTMLElement).getBoundingClientRect().width,
    }))
    expect(look).toEqual({ body: 'system-ui, sans-serif', margin: '0px', banner: true, logo: 48 })
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    await page.close()
  })
})
