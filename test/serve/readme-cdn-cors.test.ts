import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Manifest } from '@assetmap/runtime'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { freePort } from '../helpers/ports.js'
import { start, type Started } from '../helpers/readme.ts'
import { buildReadmeApp } from '../helpers/readmeApp.ts'

// The README's CDN switch, as written: its server.js run twice, once as the CDN
// (`PORT=… node server.js`), once as the app with ASSETMAP_BASE_URL pointing at it. Two ports on
// 127.0.0.1 are two origins, so every entry tag (integrity, crossorigin) needs CORS.
describe('the README app with the README server.js as its CDN, on another origin', () => {
  let app: string
  let manifest: Manifest
  let cdn: Started
  let server: Started
  let cdnOrigin: string
  let appOrigin: string
  let browser: Browser

  beforeAll(async () => {
    ;({ app, manifest } = await buildReadmeApp('readme-cdn-cors'))
    const [cdnPort, appPort] = [await freePort(), await freePort()]
    cdnOrigin = `http://127.0.0.1:${cdnPort}`
    appOrigin = `http://127.0.0.1:${appPort}`
    cdn = start(process.execPath, ['server.js'], app, { PORT: String(cdnPort) })
    server = start(process.execPath, ['server.js'], app, { PORT: String(appPort), ASSETMAP_BASE_URL: `${cdnOrigin}/static/` })
    await Promise.all([cdn.ready(`${cdnOrigin}/`, 20_000), server.ready(`${appOrigin}/`, 20_000)])
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await cdn?.stop()
  })

  /** Opens the home page in a fresh browser context (an empty HTTP cache). */
  const open = async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const log = watchPage(page)
    await page.goto(`${appOrigin}/`, { waitUntil: 'networkidle' })
    return { context, page, log }
  }

  it('loads every stylesheet and module script from the CDN: no CORS block, styles applied, the script ran', async () => {
    const { context, page, log } = await open()
    try {
      expect(problems(log)).toEqual([])
      const tags = await page.evaluate(() =>
        [...document.querySelectorAll('link[rel=stylesheet], link[rel=modulepreload], script[src]')].map((tag) => ({
          url: (tag as HTMLLinkElement).href || (tag as HTMLScriptElement).src,
          integrity: tag.getAttribute('integrity'),
          crossorigin: tag.getAttribute('crossorigin'),
        })),
      )
      expect(tags.length).toBeGreaterThanOrEqual(2)
      for (const tag of tags) {
        expect(tag.url, tag.url).toMatch(new RegExp(`^${cdnOrigin}/static/`))
        expect(tag.integrity, tag.url).toMatch(/^sha384-/)
        expect(tag.crossorigin, tag.url).toBe('anonymous')
      }
      expect(tags.map((tag) => tag.url)).toContain(`${cdnOrigin}/static/${manifest.entries['src/main.ts']!.js[0]}`)
      // The module script and its shared chunk ran; the shared chunk's stylesheet applies.
      expect(await page.evaluate(() => [document.body.dataset.entry, document.body.classList.contains('has-shared'), getComputedStyle(document.body).color])).toEqual(['main', true, 'rgb(33, 33, 33)'])
      // A cross-origin stylesheet's rules are readable only when it was fetched with CORS.
      const sheets = await page.evaluate(() => [...document.styleSheets].map((sheet) => ({ href: sheet.href, rules: sheet.cssRules.length })))
      expect(sheets.length).toBeGreaterThan(0)
      for (const sheet of sheets) expect(sheet.rules, sheet.href ?? '').toBeGreaterThan(0)
    } finally {
      await context.close()
    }
  })

  it('and Chromium checks the integrity: a stylesheet changed on the CDN is refused', async () => {
    const css = join(app, 'dist/static', manifest.entries['src/main.ts']!.css.find((path) => readFileSync(join(app, 'dist/static', path), 'utf8').includes('.has-shared'))!)
    const original = readFileSync(css)
    appendFileSync(css, 'body { color: rgb(255, 0, 0) }\n')
    const { context, page, log } = await open()
    try {
      expect(log.errors.join('\n')).toMatch(/integrity/)
      expect(log.errors.join('\n')).not.toMatch(/CORS/)
      expect(await page.evaluate(() => getComputedStyle(document.body).color)).not.toBe('rgb(255, 0, 0)')
    } finally {
      await context.close()
      writeFileSync(css, original)
    }
  })
})
