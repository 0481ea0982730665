import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, problems, watchPage, type PageLog } from '../helpers/browser.ts'
import { buildProject, builtLitSite, outputOf, type ImportMapSite } from '../helpers/importMapApp.ts'
import { until } from '../helpers/until.ts'

/** A hashed module's URL path: `name.<12 hex>.js`. */
const HASHED_JS = /\.[0-9a-f]{12}\.m?js$/

/** The Lit app, as a user would check it rendered: the header's title and the list's count. */
async function renderedText(page: Page): Promise<{ title: string; count: string; items: string[] }> {
  await page.waitForFunction(() => document.querySelector('todo-app')?.shadowRoot?.querySelector('todo-list')?.shadowRoot?.querySelector('#count') !== null, null, { timeout: 10_000 })
  return page.evaluate(() => {
    const app = document.querySelector('todo-app')!.shadowRoot!
    const list = app.querySelector('todo-list')!.shadowRoot!
    return {
      title: app.querySelector('app-header')!.shadowRoot!.querySelector('#title')!.textContent!,
      count: list.querySelector('#count')!.textContent!,
      items: [...list.querySelectorAll('todo-item')].map((item) => item.shadowRoot!.textContent!.trim()),
    }
  })
}

describe('a Lit app built in import-map mode, without a bundler, in Chromium', () => {
  let browser: Browser
  let site: ImportMapSite
  let root: string
  let outDir: string
  beforeAll(async () => {
    ;({ root, outDir, site } = await builtLitSite('importmap-lit'))
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  const open = async (page: Page, cdn: boolean): Promise<PageLog> => {
    const log = watchPage(page)
    await page.goto(`${site.app}/${cdn ? '?cdn=1' : ''}`, { waitUntil: 'networkidle' })
    return log
  }
  const scripts = (log: PageLog): string[] => log.responses.map((response) => response.url).filter((url) => /\.m?js$/.test(new URL(url).pathname))

  it.each([
    ['the app’s origin', false],
    ['a CDN origin chosen at run time', true],
  ])('loads from %s, every module from its hashed URL, with no console error under a nonce CSP', async (_where, cdn) => {
    const page = await browser.newPage()
    const log = await open(page, cdn)
    expect(await renderedText(page)).toEqual({ title: 'Todos', count: '2 items', items: ['Write the import map!', 'Hash the modules!'] })
    expect(problems(log)).toEqual([])
    const loaded = scripts(log)
    const origin = cdn ? site.cdn : site.app
    // The app's 12 statically imported modules and Lit's 6, each once, from its hashed URL, on the chosen origin.
    expect(loaded).toHaveLength(18)
    expect(new Set(loaded).size).toBe(loaded.length)
    for (const url of loaded) {
      expect(url.startsWith(`${origin}/`), url).toBe(true)
      expect(new URL(url).pathname, url).toMatch(HASHED_JS)
    }
    expect(loaded.some((url) => url.includes('/vendor/lit-html/lit-html.'))).toBe(true)
    // The map maps logical URLs, not files: the dynamic import is loaded on demand through it.
    await page.keyboard.press('?')
    await page.waitForFunction(() => document.body.textContent!.includes('Press ? for help'))
    expect(scripts(log).at(-1)).toMatch(new RegExp(`^${origin}/(static/)?js/lib/help\\.[0-9a-f]{12}\\.js$`))
    expect(problems(log)).toEqual([])
    await page.close()
  })

  it('blocks a module whose bytes a CDN changed: the map’s integrity is enforced', async () => {
    const tampered = outputOf(outDir, 'js/lib/strings.js')
    site.tamper = { path: new RegExp(`^/${tampered.replaceAll('.', '\\.')}$`), body: 'export const capitalize = (text) => text; export const shout = (text) => `${text} (tampered)`\n' }
    try {
      const page = await browser.newPage()
      const log = await open(page, true)
      await until(() => log.errors.length > 0, 'an integrity error')
      expect(site.requests.cdn).toContain(`/${tampered}`)
      expect(log.errors.join('\n')).toMatch(/integrity/i)
      expect(log.errors.join('\n')).toContain(tampered)
      // Nothing that imports it ran: the app never rendered.
      expect(await page.evaluate(() => customElements.get('todo-app') === undefined)).toBe(true)
      await page.close()
    } finally {
      site.tamper = undefined
    }
  })

  it('after a leaf module changes, the page downloads only that module: every other one comes from the cache', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await open(page, false)
    expect((await renderedText(page)).items).toEqual(['Write the import map!', 'Hash the modules!'])
    const before = site.requests.app.length
    appendFileSync(join(root, 'static/js/lib/strings.js'), '\nexport const SEPARATOR = " / "\n')
    const { summary } = buildProject(root, outDir, '--pin', 'lit')
    // The hashed file, and the unhashed original beside it.
    expect(summary.written).toBe(2)
    site.assets.reload()
    const changed = outputOf(outDir, 'js/lib/strings.js')
    await until(async () => (await fetch(`${site.app}/static/${changed}`)).status === 200, 'the server to serve the new module')
    site.requests.app.length = before
    const log = await open(page, false)
    expect((await renderedText(page)).items).toEqual(['Write the import map!', 'Hash the modules!'])
    expect(problems(log)).toEqual([])
    // The page itself, and the one module that changed; the other 17 modules come from the browser's cache.
    expect(site.requests.app.slice(before)).toEqual(['/', `/static/${changed}`])
    await context.close()
  })
})
