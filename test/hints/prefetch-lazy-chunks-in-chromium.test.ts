import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Manifest } from '@assetmap/runtime'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { buildHintsApp, HINTS_BUNDLERS } from '../helpers/hintsApp.ts'
import { startExpressHints, type HintsServer } from '../helpers/hintsServer.ts'
import { readManifest } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

/** Each lazy file is held back this long, so that prefetches overlap and a limit shows. */
const LAZY_RESPONSE_DELAY_MS = 250

/** Resource timing of the given files: whether each started after the page's load event. */
async function startedAfterLoad(page: Page, paths: string[]): Promise<Record<string, boolean>> {
  return page.evaluate((wanted) => {
    const load = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    return Object.fromEntries(resources.map((r) => [new URL(r.name).pathname.replace('/static/', ''), r.startTime >= load]).filter(([path]) => wanted.includes(path as string)))
  }, paths)
}

describe.each(HINTS_BUNDLERS)('%s build: prefetching an entry’s lazy chunks after load', (bundler) => {
  let manifest: Manifest
  let lazy: string[]
  let browser: Browser
  let server: HintsServer
  beforeAll(async () => {
    const outDir = await buildHintsApp(bundler)
    manifest = await readManifest(outDir)
    lazy = manifest.entries['src/main.js']!.lazy!
    browser = await launchChromium()
    server = await startExpressHints(outDir)
    server.inFlight.paths = new Set(lazy)
    server.inFlight.delayMs = LAZY_RESPONSE_DELAY_MS
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const requests = (path: string): number => server.events.filter((event) => event === `GET /static/${path}`).length

  async function prefetched(query: string): Promise<{ page: Page; log: ReturnType<typeof watchPage> }> {
    server.events.length = 0
    server.inFlight.max = 0
    const page = await browser.newPage()
    const log = watchPage(page)
    await page.goto(`${server.origin}/page${query}`, { waitUntil: 'load' })
    await until(() => lazy.every((path) => requests(path) === 1) && server.inFlight.now === 0, 'every lazy file requested once and answered')
    return { page, log }
  }

  it('`prefetch=2`: every lazy chunk and its CSS, once each, after `load`, never more than 2 in flight', async () => {
    const { page, log } = await prefetched('?prefetch=2')
    expect(lazy.length).toBe(8)
    expect(server.inFlight.max).toBe(2)
    expect(await startedAfterLoad(page, lazy)).toEqual(Object.fromEntries(lazy.map((path) => [path, true])))
    // A route opened later loads from the cache: its files reach the server no second time.
    await page.evaluate(() => (window as unknown as { openRoute(name: string): Promise<void> }).openRoute('three'))
    expect(await page.evaluate(() => document.documentElement.dataset.route)).toBe('three')
    for (const path of lazy) expect(requests(path)).toBe(1)
    expect(problems(log)).toEqual([])
    await page.close()
  })

  it('the limit is the script’s: `prefetch=8` has more than 2 in flight', async () => {
    const { page } = await prefetched('?prefetch=8')
    expect(server.inFlight.max).toBeGreaterThan(2)
    await page.close()
  })

  it('without `prefetch`, no lazy file is requested', async () => {
    server.events.length = 0
    const page = await browser.newPage()
    await page.goto(`${server.origin}/page`, { waitUntil: 'networkidle' })
    expect(lazy.map(requests)).toEqual(lazy.map(() => 0))
    await page.close()
  })
})
