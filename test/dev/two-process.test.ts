import type { Server } from 'node:http'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { DEV_FILE, findDevServer } from '@assetmap/runtime/internal'
// @ts-expect-error: the example is plain JavaScript
import { createApp } from '../../examples/express-vite/app.js'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { exampleCopy, outputDir, repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { close, listen } from '../helpers/servers.ts'
import { thrown } from '../helpers/thrown.ts'
import { until } from '../helpers/until.ts'

describe('development: the Express example against a real Vite dev server, in Chromium', () => {
  let app: string
  let vite: ViteDevServer
  let browser: Browser
  let backend: Server
  let backendOrigin: string
  let devOrigin: string

  beforeAll(async () => {
    app = await exampleCopy('dev')
    const port = await freePort()
    vite = await createServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { port, host: '127.0.0.1' } })
    await vite.listen()
    devOrigin = `http://127.0.0.1:${port}`
    await until(() => existsSync(join(app, 'dist/static', DEV_FILE)), 'assetmap.dev.json')
    // Never built: the manifest does not exist, the dev file is all the app needs.
    const created = createApp({ manifest: join(app, 'dist/static/assetmap.json'), views: join(app, 'views') })
    expect(created.assets.dev).toBe(true)
    ;({ origin: backendOrigin, server: backend } = await listen(created.app))
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await close(backend)
    await vite?.close()
  })

  it('writes the dev file with the origin, base and pid', () => {
    const data = JSON.parse(readFileSync(join(app, 'dist/static', DEV_FILE), 'utf8'))
    const sheet = (path: string) => ({ path, id: join(app, path) })
    expect(data).toEqual({
      origin: devOrigin,
      base: '/',
      pid: process.pid,
      root: app,
      static: [{ dir: join(app, 'static'), prefix: '' }],
      entries: ['src/main.ts', 'src/admin.ts', 'src/styles/print.css'],
      // Each build input's stylesheets, its static imports' included, the lazy chunk's (src/lazy/chart.css) not.
      stylesheets: {
        'src/main.ts': [sheet('src/styles/main.css'), sheet('src/styles/shared.css')],
        'src/admin.ts': [sheet('src/styles/admin.css'), sheet('src/styles/shared.css')],
        'src/styles/print.css': [sheet('src/styles/print.css')],
      },
      // No plugin of this config injects a script into pages (React's preamble would be one).
      pageScripts: [],
    })
  })

  it('throws ASSET_NOT_FOUND and ENTRY_NOT_FOUND for typos, with close names, as a build does', () => {
    const assets = createAssets({ manifest: join(app, 'dist/static/assetmap.json') })
    expect(assets.dev).toBe(true)
    const typo = thrown(() => assets.url('src/img/her.png'))
    expect(typo.code).toBe('ASSET_NOT_FOUND')
    expect(typo.value).toBe('src/img/her.png')
    expect(typo.message).toContain('Did you mean "src/img/hero.png"')
    expect(thrown(() => assets.url('img/bagde.svg')).message).toContain('Did you mean "img/badge.svg"')
    expect(thrown(() => assets.url('')).code).toBe('ASSET_NOT_FOUND')
    expect(thrown(() => assets.url('src/img')).code).toBe('ASSET_NOT_FOUND')
    const entry = thrown(() => assets.entryTags('src/mian.ts'))
    expect(entry.code).toBe('ENTRY_NOT_FOUND')
    expect(entry.message).toContain('Did you mean "src/main.ts"')
    expect(assets.has('src/img/her.png')).toBe(false)
    expect([assets.url('src/img/hero.png'), assets.url('img/badge.svg')]).toEqual([`${devOrigin}/src/img/hero.png`, `${devOrigin}/img/badge.svg`])
  })

  it('encodes dev URLs of odd file names, which the dev server then finds', async () => {
    const assets = createAssets({ manifest: join(app, 'dist/static/assetmap.json') })
    copyFileSync(join(app, 'static/img/badge.svg'), join(app, 'static/img/100% #1?.svg'))
    // Vite itself answers 404 for a source file with "#" or "?" in its name, however it is encoded:
    // those are tried in a static dir, which the plugin serves.
    for (const copy of ['50% off.png', '%41.png']) copyFileSync(join(app, 'src/img/hero.png'), join(app, 'src/img', copy))
    for (const name of ['img/100% #1?.svg', 'src/img/50% off.png', 'src/img/%41.png']) {
      const url = assets.url(name)
      expect(url.slice(devOrigin.length)).not.toMatch(/[ #?]/)
      const response = await fetch(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^image\//)
    }
  })

  it('loads the page from the dev server, updates CSS by HMR without a reload, and reloads on a template edit', async () => {
    const page = await browser.newPage()
    const log = watchPage(page)
    await page.goto(`${backendOrigin}/`, { waitUntil: 'networkidle' })
    expect(log.failed).toEqual([])
    expect(log.errors).toEqual([])
    expect(await page.evaluate(() => document.body.dataset.entry)).toBe('main')
    const html = await page.content()
    expect(html.match(/@vite\/client/g)).toHaveLength(1)
    const assetRequests = log.responses.map((response) => response.url).filter((url) => url.includes('/src/') || url.includes('/img/'))
    expect(assetRequests.length).toBeGreaterThan(3)
    for (const url of assetRequests) expect(url.startsWith(`${devOrigin}/`), url).toBe(true)
    // The template-only image comes unhashed from the static dir through the dev server.
    expect(await page.getAttribute('#badge', 'src')).toBe(`${devOrigin}/img/badge.svg`)
    expect(await page.evaluate(() => (document.querySelector('#badge') as HTMLImageElement).naturalWidth)).toBe(120)
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(21, 101, 192)')

    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42))
    const css = join(app, 'src/styles/main.css')
    writeFileSync(css, readFileSync(css, 'utf8').replace('color: rgb(21, 101, 192)', 'color: rgb(0, 128, 0)'))
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(0, 128, 0)', null, { timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)

    const view = join(app, 'views/index.njk')
    writeFileSync(view, readFileSync(view, 'utf8').replace('{% block content %}', '{% block content %}\n  <p id="edited">edited template</p>'))
    await page.waitForSelector('#edited', { timeout: 10_000 })
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined()
    expect(log.errors).toEqual([])
    await page.close()
  })

  it('removes the dev file when the server closes, and the runtime then ignores the dev server', async () => {
    const outDir = join(app, 'dist/static')
    expect(findDevServer(outDir, 'auto')).toMatchObject({ url: `${devOrigin}/`, root: app, static: [{ dir: join(app, 'static'), prefix: '' }] })
    await vite.close()
    expect(existsSync(join(outDir, DEV_FILE))).toBe(false)
    expect(findDevServer(outDir, 'auto')).toBeUndefined()
    expect(() => createAssets({ manifest: join(outDir, 'assetmap.json') })).toThrow(expect.objectContaining({ code: 'MANIFEST_NOT_FOUND' }))
  })
})

describe('a dev server process that is stopped or killed', () => {
  /** `vite` (dev) in its own process on the example copy; resolves once the dev file is there. */
  async function startViteProcess(app: string): Promise<ChildProcess> {
    const port = await freePort()
    const script = `import { createServer } from 'vite'
      const server = await createServer({ root: ${JSON.stringify(app)}, configFile: ${JSON.stringify(join(app, 'vite.config.js'))}, logLevel: 'silent', server: { port: ${port}, host: '127.0.0.1' } })
      await server.listen()`
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: 'ignore' })
    await until(() => existsSync(join(app, 'dist/static', DEV_FILE)), 'the dev file')
    return child
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('removes the dev file on %s', async (signal) => {
    const app = await exampleCopy(`dev-${signal}`)
    const child = await startViteProcess(app)
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill(signal)
    await exited
    expect(existsSync(join(app, 'dist/static', DEV_FILE))).toBe(false)
  })

  it('leaves a file after SIGKILL that the runtime does not honour', async () => {
    const app = await exampleCopy('dev-kill')
    const child = await startViteProcess(app)
    expect(findDevServer(join(app, 'dist/static'), 'auto')).toBeDefined()
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(existsSync(join(app, 'dist/static', DEV_FILE))).toBe(true)
    expect(findDevServer(join(app, 'dist/static'), 'auto')).toBeUndefined()
  })
})

describe('findDevServer: a stale dev file never sends users to localhost', () => {
  it('ignores a dev file whose process is gone, and any dev file in production', async () => {
    const outDir = await outputDir('dev-stale')
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    writeFileSync(join(outDir, DEV_FILE), JSON.stringify({ origin: 'http://localhost:5173', base: '/', pid: Number(dead.stdout) }))
    expect(findDevServer(outDir, 'auto')).toBeUndefined()
    writeFileSync(join(outDir, DEV_FILE), JSON.stringify({ origin: 'http://localhost:5173', base: '/', pid: process.pid }))
    expect(findDevServer(outDir, 'auto')).toMatchObject({ url: 'http://localhost:5173/' })
    expect(findDevServer(outDir, false)).toBeUndefined()
    const saved = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      expect(findDevServer(outDir, 'auto')).toBeUndefined()
      process.env.ASSETMAP_DEV_SERVER = 'http://127.0.0.1:5999'
      expect(findDevServer(outDir, 'auto')).toEqual({ url: 'http://127.0.0.1:5999/' })
    } finally {
      process.env.NODE_ENV = saved
      delete process.env.ASSETMAP_DEV_SERVER
    }
  })

  it('renders dev entry tags: the client, the React preamble on request, CSS entries as links', () => {
    process.env.ASSETMAP_DEV_SERVER = 'http://localhost:5173'
    try {
      const assets = createAssets({ manifest: join(repoRoot, 'nothing-built/assetmap.json') })
      expect(assets.dev).toBe(true)
      expect(assets.url('src/img/logo.png')).toBe('http://localhost:5173/src/img/logo.png')
      expect(assets.entryTags('src/main.ts', { nonce: 'n"1' })).toBe(
        '<script type="module" src="http://localhost:5173/@vite/client" nonce="n&quot;1"></script>\n<script type="module" src="http://localhost:5173/src/main.ts" nonce="n&quot;1"></script>',
      )
      expect(assets.entryTags('src/styles/print.css', { viteClient: false })).toBe('<link rel="stylesheet" href="http://localhost:5173/src/styles/print.css">')
      expect(assets.entryTags('src/main.tsx', { reactRefresh: true })).toMatch(/^<script type="module">import RefreshRuntime from "http:\/\/localhost:5173\/@react-refresh";/)
      expect(assets.integrity('src/main.ts')).toBeUndefined()
    } finally {
      delete process.env.ASSETMAP_DEV_SERVER
    }
  })
})
