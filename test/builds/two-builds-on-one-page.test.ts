import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Assets, Manifest } from '@assetmap/runtime'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { appAssets, buildAll, serveBuilds, type BuildsSite } from '../helpers/buildsSite.ts'
import { readManifest } from '../helpers/paths.ts'

// One page, three builds: the site and the admin panel built by two Vite configs (different output
// folders and bases), and a static folder hashed by `assetmap build`, plus the site's folder under
// a second build name. Every build's URLs are right, every file loads once, every build runs.
describe('several builds on one page, in Chromium', () => {
  let browser: Browser
  let site: BuildsSite
  let assets: Assets
  const manifests: Record<string, Manifest> = {}

  beforeAll(async () => {
    const folders = await buildAll()
    for (const [name, dir] of Object.entries(folders)) manifests[name] = await readManifest(dir)
    assets = appAssets(folders)
    site = await serveBuilds(assets)
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    assets?.close()
  })

  /** Each file of each build, at the URL it must have under `bases` (build → base). */
  function expectedUrls(bases: { site: string; admin: string; legacy: string }): string[] {
    const { site: s, admin: a, legacy: l } = manifests as Record<'site' | 'admin' | 'legacy', Manifest>
    const main = s.entries['src/main.js']!
    const admin = a.entries['src/admin.js']!
    return [
      ...main.css.map((p) => bases.site + p),
      ...main.js.map((p) => bases.site + p),
      ...admin.css.map((p) => bases.admin + p),
      ...admin.js.map((p) => bases.admin + p),
      bases.legacy + l.assets['css/legacy.css'],
      bases.legacy + l.assets['js/legacy.js'],
      bases.legacy + l.assets['img/dot.svg'],
    ].sort()
  }

  const where = {
    'the app’s origin': (app: string) => ({ path: '/', bases: { site: `${app}/static/`, admin: `${app}/admin-static/`, legacy: `${app}/legacy/` } }),
    'a CDN per build chosen per request (withBase)': (_app: string, cdn: string) => ({ path: '/?cdn=1', bases: { site: `${cdn}/site/`, admin: `${cdn}/admin/`, legacy: `${cdn}/legacy/` } }),
    'a CDN per build from assetLocals’ baseUrl': (_app: string, cdn: string) => ({ path: '/locals?cdn=1', bases: { site: `${cdn}/site/`, admin: `${cdn}/admin/`, legacy: `${cdn}/legacy/` } }),
  }

  it.each(Object.keys(where))('from %s: right URLs, each file once, every build styled and running', async (label) => {
    const { path, bases } = where[label as keyof typeof where](site.app, site.cdn)
    const page = await browser.newPage()
    const log = watchPage(page)
    await page.goto(site.app + path, { waitUntil: 'networkidle' })
    const html = await page.content()
    const tagged = [...html.matchAll(/<(?:script|link|img)[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!.replaceAll('&amp;', '&'), site.app).href).sort()
    expect(tagged).toEqual(expectedUrls(bases))
    const requested = log.responses.map((r) => r.url).filter((url) => url !== site.app + path).sort()
    // The stylesheet's background is the same file as the <img>: one request for both.
    expect(requested).toEqual(expectedUrls(bases))
    expect(problems(log)).toEqual([])
    const seen = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!)
      return {
        marks: { ...document.documentElement.dataset },
        runs: [(window as unknown as Record<string, number>).siteRuns, (window as unknown as Record<string, number>).adminRuns, (window as unknown as Record<string, number>).legacyRuns],
        body: style('body').color,
        h1: style('h1').borderBottomColor,
        main: style('main').outlineColor,
        background: style('main').backgroundImage,
      }
    })
    expect(seen.marks).toEqual({ site: 'running', admin: 'running', legacy: 'running' })
    expect(seen.runs).toEqual([1, 1, 1])
    expect([seen.body, seen.h1, seen.main]).toEqual(['rgb(0, 128, 0)', 'rgb(0, 0, 255)', 'rgb(255, 0, 0)'])
    expect(seen.background).toBe(`url("${bases.legacy}${manifests.legacy!.assets['img/dot.svg']}")`)
    await page.close()
  })

  it('takes each build’s base from its own manifest (Vite plugin base, assetmap build --base)', () => {
    expect([manifests.site!.base, manifests.admin!.base, manifests.legacy!.base]).toEqual(['/static/', '/admin-static/', '/legacy/'])
    expect(assets.build('admin').baseUrl).toBe('/admin-static/')
    expect(assets.build('legacy').url('css/legacy.css')).toBe(`/legacy/${manifests.legacy!.assets['css/legacy.css']}`)
  })
})
