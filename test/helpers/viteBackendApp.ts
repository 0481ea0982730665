import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { expectClean, visit, type BrowserSite } from './browser.ts'
import { fixture, readManifest } from './paths.ts'

/** test/fixtures/vite-backend: a Vite backend integration with inputs outside Vite's root. */
export const viteBackendApp = fixture('vite-backend')

/** The pages the fixture's server renders, by URL path. */
export const viteBackendPages = { '/': 'home.njk', '/admin': 'admin.njk' }

/**
 * Keys of Vite's own `.vite/manifest.json` (build with `build.manifest: true`) that the runtime
 * does not resolve to the file Vite's manifest gives them. Empty when assetmap keeps every key.
 */
export async function viteManifestMismatches(outDir: string): Promise<string[]> {
  const vite = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string }>
  const assets = createAssets({ manifest: await readManifest(outDir), baseUrl: 'https://cdn.example.com/static/' })
  return Object.entries(vite)
    .filter(([key, chunk]) => {
      try {
        return assets.url(key) !== `https://cdn.example.com/static/${chunk.file}`
      } catch {
        return true
      }
    })
    .map(([key]) => key)
}

/** Loads each page of the fixture with its assets on the app's origin or the CDN origin, and asserts what a user would see. */
export async function expectViteBackendPages(on: BrowserSite, where: 'app' | 'cdn'): Promise<void> {
  const home = await visit(on, where, '/', () => document.readyState === 'complete')
  await home.page.click('#open-about')
  await home.page.waitForFunction(() => document.querySelector('#route')?.textContent === 'about route loaded', null, { timeout: 10_000 })
  await home.page.waitForLoadState('networkidle')
  expectClean(home)
  expect(
    await home.page.evaluate(() => {
        const of = (selector: string): string => getComputedStyle(document.querySelector(selector)!).color
        return {
          sass: of('h1'),
          cssOnlyEntry: of('#status'),
          outsideRoot: of('footer'),
          lazyRoute: of('#route'),
          status: document.querySelector('#status')!.textContent,
          runs: (window as { __appRuns?: number }).__appRuns,
          logo: (document.querySelector('#logo') as HTMLImageElement).naturalWidth > 0,
        }
      }),
  ).toEqual({
    sass: 'rgb(194, 24, 91)',
    cssOnlyEntry: 'rgb(0, 121, 107)',
    outsideRoot: 'rgb(21, 101, 192)',
    lazyRoute: 'rgb(46, 125, 50)',
    status: 'app entry ran (rgb(194, 24, 91))',
    runs: 1,
    logo: true,
  })
  // The font file is fetched (from the right origin, with CORS) though its bytes are no real font.
  for (const file of ['bg-', 'logo-', 'fixture-', 'about-']) expect(home.requested().some((path) => path.startsWith(`assets/${file}`)), file).toBe(true)
  await home.page.close()

  const admin = await visit(on, where, '/admin', () => '__palette' in window)
  expectClean(admin)
  expect(await admin.page.evaluate(() => [getComputedStyle(document.querySelector('aside')!).color, (window as { __appRuns?: number }).__appRuns])).toEqual(['rgb(106, 27, 154)', undefined])
  await admin.page.close()
}
