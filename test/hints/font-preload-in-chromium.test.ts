import { describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { problems, watchPage } from '../helpers/browser.ts'
import { HINTS_BUNDLERS } from '../helpers/hintsApp.ts'
import { useHintsSites } from '../helpers/hintsSites.ts'

// Chromium warns of a preload nobody used 3 s after the page's load event; a page is watched that long.
const UNUSED_PRELOAD_WARNING_MS = 3_500

interface FontPage {
  preloads: string[]
  warnings: string[]
  problems: string[]
  /** `document.fonts.check()` of the web font at the size the text uses. */
  loaded: boolean
  /** Widths of the same text in the web font and in the fallback. */
  widths: { webFont: number; fallback: number }
}

async function openFontPage(browser: Browser, url: string): Promise<FontPage> {
  const page = await browser.newPage()
  const log = watchPage(page)
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text())
  })
  await page.goto(url, { waitUntil: 'load' })
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(UNUSED_PRELOAD_WARNING_MS)
  const seen = await page.evaluate(() => ({
    preloads: [...document.querySelectorAll('link[rel=preload][as=font]')].map((link) => `${new URL((link as HTMLLinkElement).href).pathname} ${link.getAttribute('type')} ${link.getAttribute('crossorigin')}`),
    loaded: document.fonts.check('32px HintsMono'),
    widths: { webFont: document.getElementById('text')!.getBoundingClientRect().width, fallback: document.getElementById('fallback')!.getBoundingClientRect().width },
  }))
  await page.close()
  return { ...seen, warnings, problems: problems(log) }
}

describe.each(HINTS_BUNDLERS)('%s build: an entry’s font preloaded and used', (bundler) => {
  const on = useHintsSites(bundler)
  const font = (): string => on.manifest.entries['src/main.js']!.fonts![0]!

  it.each([
    ['the entry tags (HTTP/1.1)', () => on.h1],
    ['the 103 and the entry tags (HTTP/2)', () => on.h2],
  ])('with %s: fetched once, no “preloaded but not used” warning, the text painted in the web font', async (_how, server) => {
    const seen = await openFontPage(on.browser, `${server().origin}/page?fonts=1`)
    expect(seen.preloads).toEqual([`/static/${font()} font/woff2 anonymous`])
    expect(seen.warnings).toEqual([])
    expect(seen.problems).toEqual([])
    expect(server().events.filter((event) => event === `GET /static/${font()}`)).toHaveLength(1)
    expect(seen.loaded).toBe(true)
    // Source Code Pro is monospaced: its "i" is far wider than the fallback's.
    expect(seen.widths.webFont).toBeGreaterThan(seen.widths.fallback * 1.5)
  }, 20_000)

  it('without `fonts`, renders no font preload (the font still comes through the CSS)', async () => {
    const seen = await openFontPage(on.browser, `${on.h1.origin}/page`)
    expect(seen.preloads).toEqual([])
    expect(seen.loaded).toBe(true)
  }, 20_000)
})
