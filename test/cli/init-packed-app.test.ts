import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { runToEnd, start, type Started } from '../helpers/readme.ts'

const PACKAGES = ['runtime', 'engine', 'plugin', 'nunjucks', 'serve', 'cli']
const PURPLE = 'rgb(102, 51, 153)'

function rootDevVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[name]!
}

/** What a user checks on the page init wrote: the heading styled by src/main.css, src/main.js run, nothing failed. */
async function visit(browser: Browser, origin: string, whileOpen: (page: Page) => Promise<void> = async () => {}) {
  const page = await browser.newPage()
  const log = watchPage(page)
  const sockets: string[] = []
  page.on('websocket', (socket) => sockets.push(socket.url()))
  await page.goto(`${origin}/`, { waitUntil: 'load' })
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, { timeout: 15_000 })
  const color = await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)
  const stylesheets = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => (link as HTMLLinkElement).href))
  await whileOpen(page)
  await page.close()
  // Chromium's own /favicon.ico request 404s in a new app and shows only as this console line; every page request's status is checked through `responses`.
  const failures = problems(log).filter((problem) => problem !== 'Failed to load resource: the server responded with a status of 404 (Not Found)')
  return { color, stylesheets, requests: log.responses.map((response) => response.url), sockets, problems: failures }
}

describe('npx assetmap init in a fresh Express app, installed from the packed tarballs outside the repository', () => {
  let work: string
  let project: string
  let browser: Browser
  let server: Started | undefined

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'assetmap-init-'))
    const packed = await runToEnd('npm', ['pack', '--json', '--pack-destination', work, ...PACKAGES.flatMap((name) => ['--workspace', `packages/${name}`])], repoRoot)
    expect(packed.code, packed.stderr).toBe(0)
    const tarballs = Object.fromEntries((JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>).map(({ name, filename }) => [name, `file:${join(work, filename)}`]))
    project = join(work, 'fresh-app')
    mkdirSync(project)
    // A new Express app with the packages the README's install line names and vite; nunjucks is left for `init --install`.
    const { '@assetmap/plugin': plugin, '@assetmap/cli': cli, ...runtime } = tarballs
    const dependencies = { ...runtime, express: rootDevVersion('express') }
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module', dependencies, devDependencies: { '@assetmap/plugin': plugin, '@assetmap/cli': cli, vite: rootDevVersion('vite') } }, null, 2))
    const install = await runToEnd('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project)
    expect(install.code, install.stderr).toBe(0)
    browser = await launchChromium()
  }, 600_000)

  afterAll(async () => {
    await server?.stop()
    await browser?.close()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('init --install writes the files and scripts, and installs what package.json lacks', async () => {
    const init = await runToEnd('npx', ['--no-install', 'assetmap', 'init', '--install'], project, { npm_config_prefer_offline: 'true' })
    expect(init.code, init.stderr).toBe(0)
    expect(init.stdout).toContain('created server.js\n')
    expect(init.stdout).toContain('installing:\n  npm install nunjucks\n')
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies.nunjucks).toBeDefined()
  }, 120_000)

  it('npm run build, then npm start: a page whose stylesheet and script load from /static/ in Chromium', async () => {
    const build = await runToEnd('npm', ['run', 'build'], project)
    expect(build.code, build.stderr).toBe(0)
    const port = await freePort()
    server = start('npm', ['start'], project, { PORT: String(port) })
    const origin = `http://127.0.0.1:${port}`
    await server.ready(`${origin}/`, 30_000)
    const seen = await visit(browser, origin)
    expect(seen.problems).toEqual([])
    expect(seen.color).toBe(PURPLE)
    expect(seen.stylesheets).toEqual([expect.stringMatching(new RegExp(`^${origin}/static/assets/main-[\\w-]+\\.css$`))])
    expect(seen.requests.some((url) => url.includes('@vite'))).toBe(false)
    await server.stop()
  }, 120_000)

  it('npm run dev: a styled page with @vite/client and the HMR socket on the app’s origin; a stylesheet edit updates it in place', async () => {
    const port = await freePort()
    server = start('npm', ['run', 'dev'], project, { PORT: String(port) })
    const origin = `http://127.0.0.1:${port}`
    await server.ready(`${origin}/`, 60_000)
    const seen = await visit(browser, origin, async (page) => {
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true))
      writeFileSync(join(project, 'src/main.css'), 'h1 {\n  color: rgb(0, 128, 0);\n}\n')
      await page.waitForFunction(() => getComputedStyle(document.querySelector('h1')!).color === 'rgb(0, 128, 0)', undefined, { timeout: 15_000 })
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true)
    })
    expect(seen.problems).toEqual([])
    expect(seen.color).toBe(PURPLE)
    expect(seen.stylesheets).toEqual([`${origin}/src/main.css`])
    expect(seen.requests).toContain(`${origin}/@vite/client`)
    expect(seen.sockets.length).toBeGreaterThan(0)
    for (const socket of seen.sockets) expect(socket).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/`))
    await server.stop()
  }, 120_000)

  it('the CDN of docs/getting-started.md: a second server on another origin, the app with ASSETMAP_BASE_URL', async () => {
    const [cdnPort, appPort] = [await freePort(), await freePort()]
    const cdn = start('npm', ['start'], project, { PORT: String(cdnPort) })
    server = start('npm', ['start'], project, { PORT: String(appPort), ASSETMAP_BASE_URL: `http://127.0.0.1:${cdnPort}/static/` })
    try {
      await cdn.ready(`http://127.0.0.1:${cdnPort}/`, 30_000)
      await server.ready(`http://127.0.0.1:${appPort}/`, 30_000)
      const seen = await visit(browser, `http://127.0.0.1:${appPort}`)
      expect(seen.problems).toEqual([])
      expect(seen.color).toBe(PURPLE)
      expect(seen.stylesheets).toEqual([expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${cdnPort}/static/assets/main-[\\w-]+\\.css$`))])
      expect(seen.requests.some((url) => url.startsWith(`http://127.0.0.1:${cdnPort}/static/assets/main-`) && url.endsWith('.js'))).toBe(true)
    } finally {
      await cdn.stop()
      await server.stop()
    }
  }, 120_000)

  it('docs/getting-started.md shows the commands these tests run, as they run them', () => {
    const page = readFileSync(join(repoRoot, 'docs/getting-started.md'), 'utf8')
    const commands = [...page.matchAll(/^```sh\n([\s\S]*?)\n```$/gm)].flatMap((match) => match[1]!.split('\n'))
    // The ports the page names stand for the free ports the tests take.
    for (const ran of ['npx assetmap init --install', 'npm run dev', 'npm run build', 'npm start', 'PORT=3101 npm start', 'ASSETMAP_BASE_URL=http://127.0.0.1:3101/static/ npm start']) {
      expect(commands).toContain(ran)
    }
  })
})
