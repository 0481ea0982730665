import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.ts'
import { startViteBeside, type ViteBeside } from '../helpers/devPages.ts'
import { exampleCopy } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

const statusColor = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.querySelector('#status')!).backgroundColor)
const marked = (page: Page): Promise<boolean> => page.evaluate(() => (window as unknown as { marked?: boolean }).marked === true)

describe('static dirs under `vite`: a stylesheet edit updates in place, any other edit reloads, in Chromium', () => {
  let app: string
  let beside: ViteBeside
  let origin: string
  let browser: Browser

  beforeAll(async () => {
    app = await exampleCopy('static-hmr')
    mkdirSync(join(app, 'static/css'))
    writeFileSync(join(app, 'static/css/site.css'), '#status { background-color: rgb(1, 2, 3); }\n')
    const layout = join(app, 'views/layout.njk')
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('</head>', `<link rel="stylesheet" href="{{ static('css/site.css') }}">\n</head>`))
    // No `refresh`: its default covers views/.
    const config = join(app, 'vite.config.js')
    writeFileSync(config, readFileSync(config, 'utf8').replace(", refresh: ['views/**/*.njk']", ''))
    expect(readFileSync(config, 'utf8')).not.toContain('refresh:')
    beside = await startViteBeside(app)
    origin = beside.origin
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await beside?.stop()
  })

  it('swaps an edited stylesheet of a static dir without reloading, and reloads for an edited image', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    expect(await statusColor(page)).toBe('rgb(1, 2, 3)')
    await page.evaluate(() => Object.assign(window, { marked: true }))
    writeFileSync(join(app, 'static/css/site.css'), '#status { background-color: rgb(4, 5, 6); }\n')
    await until(async () => (await statusColor(page)) === 'rgb(4, 5, 6)', 'the edited static stylesheet')
    expect(await marked(page)).toBe(true)
    expect(await page.locator('link[rel=stylesheet][href*="/css/site.css"]').count()).toBe(1)
    const badge = join(app, 'static/img/badge.svg')
    writeFileSync(badge, readFileSync(badge, 'utf8').replace('</svg>', '<!-- edited --></svg>'))
    await until(async () => !(await marked(page).catch(() => true)), 'the reload')
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main').catch(() => false), 'the reloaded page')
    await page.close()
  }, 30_000)

  it('reloads the page with the new text when a template in views/ changes, with refresh left to its default', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/`)
    await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
    const layout = join(app, 'views/layout.njk')
    writeFileSync(layout, readFileSync(layout, 'utf8').replace('<h1>{{ title }}</h1>', '<h1>{{ title }}, edited</h1>'))
    await until(async () => (await page.textContent('h1').catch(() => '')) === 'assetmap demo, edited', 'the edited template')
    await page.close()
  }, 30_000)
})
