import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, problems } from '../helpers/browser.ts'
import { openWithHmr, styledWithoutScripts } from '../helpers/devPages.ts'
import { listeningPorts } from '../helpers/listeningPorts.ts'
import { exampleCopy } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { start, type Started } from '../helpers/readme.ts'
import { until } from '../helpers/until.ts'

/** The `h1` rules of every stylesheet on the page (links and Vite's injected <style>s): one per copy. */
function h1Colors(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].filter((rule) => rule instanceof CSSStyleRule && rule.selectorText === 'h1' && rule.style.color).map((rule) => (rule as CSSStyleRule).style.color)),
  )
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`)
  writeFileSync(file, text.replace(from, to))
}

describe('npm run dev: the Express example with Vite inside, one process, one origin, in Chromium', () => {
  let app: string
  let origin: string
  let port: number
  let server: Started
  let browser: Browser

  beforeAll(async () => {
    app = await exampleCopy('one-process')
    // A module that accepts its own updates, imported by the main entry: what a JS edit hot-updates.
    writeFileSync(join(app, 'src/hot.ts'), "document.body.dataset.hot = 'one'\nimport.meta.hot?.accept()\n")
    writeFileSync(join(app, 'src/main.ts'), `import './hot'\n${readFileSync(join(app, 'src/main.ts'), 'utf8')}`)
    port = await freePort()
    origin = `http://127.0.0.1:${port}`
    server = start('npm', ['run', 'dev'], app, { PORT: String(port), HOST: '127.0.0.1' })
    await server.ready(`${origin}/`, 30_000)
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('serves the page, @vite/client, the modules and the HMR socket from the app’s origin, and listens on no second port', async () => {
    const { page, log, sockets } = await openWithHmr(browser, `${origin}/`)
    const urls = log.responses.map((response) => response.url)
    expect(urls).toContain(`${origin}/@vite/client`)
    expect(urls).toContain(`${origin}/src/main.ts`)
    expect(urls.filter((url) => !url.startsWith(`${origin}/`))).toEqual([])
    expect(sockets.every((url) => url.startsWith(`ws://127.0.0.1:${port}/`)), sockets.join()).toBe(true)
    expect(problems(log)).toEqual([])
    expect(listeningPorts(server.child.pid!)).toEqual([port])
    await page.close()
  }, 30_000)

  it('links the stylesheets the entry imports, so the page is styled with no module run at all', async () => {
    const seen = await styledWithoutScripts(browser, `${origin}/`)
    // The links in import order, as a build's CSS; the lazy chunk's stylesheet arrives with the chunk, as in production.
    expect(seen).toEqual({ ran: undefined, h1: 'rgb(21, 101, 192)', main: '768px', links: ['/src/styles/main.css', '/src/styles/shared.css', '/src/styles/print.css'] })
  }, 30_000)

  it('hot-updates an edited stylesheet without navigating, leaving exactly one copy of its rule', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    expect(await h1Colors(page)).toEqual(['rgb(21, 101, 192)'])
    await page.evaluate(() => Object.assign(window, { notNavigated: true }))
    edit(join(app, 'src/styles/main.css'), 'rgb(21, 101, 192)', 'rgb(0, 128, 0)')
    await until(async () => (await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)) === 'rgb(0, 128, 0)', 'the edited colour')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await h1Colors(page)).toEqual(['rgb(0, 128, 0)'])
    expect(await page.evaluate(() => (window as unknown as { notNavigated?: boolean }).notNavigated)).toBe(true)
    await page.close()
  }, 30_000)

  it('hot-updates an edited module that accepts its updates, without navigating', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.hot === 'one'), 'the module to run')
    await page.evaluate(() => Object.assign(window, { notNavigated: true }))
    edit(join(app, 'src/hot.ts'), "dataset.hot = 'one'", "dataset.hot = 'two'")
    await until(() => page.evaluate(() => document.body.dataset.hot === 'two'), 'the hot update')
    expect(await page.evaluate(() => (window as unknown as { notNavigated?: boolean }).notNavigated)).toBe(true)
    await page.close()
  }, 30_000)

  it('reloads the page when a template changes, showing the new text', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    edit(join(app, 'views/layout.njk'), '<h1>{{ title }}</h1>', '<h1>{{ title }}, edited</h1>')
    await until(async () => (await page.textContent('h1').catch(() => '')) === 'assetmap demo, edited', 'the edited template')
    await page.close()
  }, 30_000)

  it('shows an unknown asset name, and a Nunjucks syntax error, in Vite’s error overlay and in the terminal', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    edit(join(app, 'views/layout.njk'), "static('img/badge.svg')", "static('img/badge.svgz')")
    const overlay = await until(
      () => page.evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? false).catch(() => false),
      'the error overlay',
    )
    expect(overlay).toContain('img/badge.svgz')
    expect(overlay).toContain('Did you mean "img/badge.svg"')
    expect(server.output()).toContain('img/badge.svgz')
    edit(join(app, 'views/layout.njk'), "static('img/badge.svgz')", "static('img/badge.svg')")
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main').catch(() => false), 'the fixed page')
    // A Nunjucks syntax error, the same way.
    edit(join(app, 'views/index.njk'), '{% block content %}', '{% block content %}{% if %}')
    const syntax = await until(
      () => page.evaluate(() => document.querySelector('vite-error-overlay')?.shadowRoot?.textContent ?? false).catch(() => false),
      'the error overlay for a syntax error',
    )
    expect(syntax).toContain('index.njk')
    edit(join(app, 'views/index.njk'), '{% block content %}{% if %}', '{% block content %}')
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main').catch(() => false), 'the fixed page')
    await page.close()
  }, 30_000)
})
