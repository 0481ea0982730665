import { createServer } from 'node:http'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { createAssets, type Assets } from '@assetmap/runtime'
import { serveAssets } from '@assetmap/serve'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'

/** `test/fixtures/importmap-builds`: two static folders in import-map mode, each with a module importing `./lib/…`. */
const app = fixture('importmap-builds')

/** The import maps in `html`, parsed. */
function maps(html: string): Array<{ imports: Record<string, string>; integrity?: Record<string, string>; scopes?: Record<string, Record<string, string>> }> {
  return [...html.matchAll(/<script type="importmap"[^>]*>(.*?)<\/script>/gs)].map((match) => JSON.parse(match[1]!))
}

describe('two builds in import-map mode on one page', () => {
  let assets: Assets
  beforeAll(async () => {
    const outs: Record<string, string> = {}
    for (const [build, base] of [['site', '/static/'], ['admin', '/admin-static/']] as const) {
      outs[build] = await outputDir(`importmap-builds-${build}`)
      await completeBuild({ outDir: outs[build], base, static: { dirs: [join(app, build)], root: app, importMap: true, onWarning: () => {} } })
    }
    assets = createAssets({ manifest: join(outs.site!, 'assetmap.json'), dev: false, builds: { admin: { manifest: join(outs.admin!, 'assetmap.json'), dev: false } } })
  })

  it('the page’s one map maps the admin build’s modules too, with their integrity', () => {
    const page = assets.page()
    const html = `${page.importMap('js/app.js')}\n${page.build('admin').importMap('js/admin.js')}`
    const found = maps(html)
    expect(found).toHaveLength(1)
    const admin = assets.build('admin')
    const label = admin.url('js/lib/label.js')
    expect(found[0]!.imports['/admin-static/js/lib/label.js']).toBe(label)
    expect(found[0]!.imports['/admin-static/js/admin.js']).toBe(admin.url('js/admin.js'))
    expect(found[0]!.imports['/static/js/lib/greet.js']).toBe(assets.url('js/lib/greet.js'))
    expect(found[0]!.integrity![label]).toBe(admin.integrity('js/lib/label.js'))
    expect(html).toContain(`<link rel="modulepreload" href="${label}"`)
    expect(html).toContain(`<script type="module" src="${admin.url('js/admin.js')}"`)
  })

  it('in Chromium, each build’s module loads its own ./lib/ module from its hashed URL, every module once', async () => {
    const page = assets.page()
    const html = `<!doctype html><html><head>${page.importMap('js/app.js')}\n${page.build('admin').importMap('js/admin.js')}</head><body></body></html>`
    const site = serveAssets(assets, { prefix: '/static/' })
    const admin = serveAssets(assets.build('admin'), { prefix: '/admin-static/' })
    const requested: string[] = []
    const { origin, server } = await listen(
      createServer((request, response) => {
        const path = new URL(request.url ?? '/', 'http://app.test').pathname
        if (path === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(html)
        if (path === '/favicon.ico') return response.writeHead(204).end()
        requested.push(path)
        const notFound = (): void => void response.writeHead(404).end()
        return path.startsWith('/admin-static/') ? admin(request, response, notFound) : site(request, response, notFound)
      }),
    )
    const browser = await launchChromium()
    try {
      const tab = await browser.newPage()
      const log = watchPage(tab)
      await tab.goto(`${origin}/`, { waitUntil: 'networkidle' })
      expect(problems(log)).toEqual([])
      expect(await tab.evaluate(() => ({ ...document.body.dataset }))).toEqual({ site: 'hello site', admin: 'admin' })
      expect(requested.sort()).toEqual(
        ['js/admin.js', 'js/lib/label.js'].map((name) => assets.build('admin').url(name)).concat(['js/app.js', 'js/lib/greet.js'].map((name) => assets.url(name))).sort(),
      )
    } finally {
      await browser.close()
      await close(server)
    }
  }, 60_000)

  it('a build’s map asked for first is still the page’s one map: the default build’s entry after it loads from its hashed URL', () => {
    const page = assets.page()
    const html = `${page.build('admin').withBase('/admin-static/').importMap('js/admin.js')}\n${page.importMap('js/app.js')}`
    const found = maps(html)
    expect(found).toHaveLength(1)
    expect(found[0]!.imports['/static/js/lib/greet.js']).toBe(assets.url('js/lib/greet.js'))
    expect(html).toContain(`<script type="module" src="${assets.url('js/app.js')}"`)
  })
})
