import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.ts'
import { startViteBeside, styledWithoutScripts, type ViteBeside } from '../helpers/devPages.ts'
import { exampleCopy } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

/**
 * Where main.css is on the page: the <link>s to it (cross-origin, so their rules cannot be read)
 * and the `h1` colours of the sheets that can be read (Vite's injected <style>s).
 */
function mainCssCopies(page: Page): Promise<{ links: number; inlineH1: string[] }> {
  return page.evaluate(() => ({
    links: document.querySelectorAll('link[rel=stylesheet][href$="/src/styles/main.css"], link[rel=stylesheet][href*="/src/styles/main.css?"]').length,
    inlineH1: [...document.querySelectorAll('style')].flatMap((style) =>
      [...style.sheet!.cssRules].filter((rule) => rule instanceof CSSStyleRule && rule.selectorText === 'h1' && rule.style.color).map((rule) => (rule as CSSStyleRule).style.color),
    ),
  }))
}

describe('two processes: `vite` beside the Express example, its pages styled before any module runs, in Chromium', () => {
  let app: string
  let beside: ViteBeside
  let origin: string
  let browser: Browser

  beforeAll(async () => {
    app = await exampleCopy('two-process-styles')
    beside = await startViteBeside(app)
    origin = beside.origin
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await beside?.stop()
  })

  it('links the stylesheets the entry imports, so the page is styled with no module run at all', async () => {
    const seen = await styledWithoutScripts(browser, `${origin}/`)
    expect(seen).toMatchObject({ ran: undefined, h1: 'rgb(21, 101, 192)', main: '768px' })
  }, 30_000)

  it('hot-updates an edited stylesheet without navigating, leaving exactly one copy of its rule', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    expect(await mainCssCopies(page)).toEqual({ links: 1, inlineH1: [] })
    await page.evaluate(() => Object.assign(window, { notNavigated: true }))
    const file = join(app, 'src/styles/main.css')
    writeFileSync(file, readFileSync(file, 'utf8').replace('rgb(21, 101, 192)', 'rgb(0, 128, 0)'))
    await until(async () => (await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)) === 'rgb(0, 128, 0)', 'the edited colour')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await mainCssCopies(page)).toEqual({ links: 1, inlineH1: [] })
    expect(await page.evaluate(() => (window as unknown as { notNavigated?: boolean }).notNavigated)).toBe(true)
    await page.close()
  }, 30_000)
})
