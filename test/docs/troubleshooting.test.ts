import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { serveAssets } from '@assetmap/serve'
import { launchChromium } from '../helpers/browser.ts'
import { runCliIn } from '../helpers/cli.ts'
import { outputDir, repoRoot } from '../helpers/paths.ts'
import { close, listen } from '../helpers/servers.ts'
import { thrown } from '../helpers/thrown.ts'

const page = readFileSync(join(repoRoot, 'docs/troubleshooting.md'), 'utf8')
/** The messages the page quotes: every ```text block, `<path>`, `<name>`… standing for the user's values. */
const quoted = [...page.matchAll(/^```text\n([\s\S]*?)\n```$/gm)].map((match) => match[1]!)
/** The browser's message the page quotes: its one block quote, `\<` unescaped. */
const browserQuote = /^> [\s\S]*?\n(?!> )/m.exec(page)![0].trim().split('\n').map((line) => line.slice(2)).join(' ').replaceAll('\\<', '<')

function matches(template: string, message: string): boolean {
  const pattern = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[a-z]+>/g, '.+?')
  return new RegExp(`^${pattern}$`).test(message)
}

/** The first line a failing CLI run prints. */
function failureIn(cwd: string, ...args: string[]): string {
  const run = runCliIn(cwd, ...args)
  expect(run.code, run.stderr).toBeGreaterThan(0)
  return run.stderr.split('\n')[0]!
}

/** Each failure the page describes, brought about for real: its message as printed. */
const printed = new Map<string, string>()
let built: Assets

describe('docs/troubleshooting.md quotes the messages assetmap prints, word for word', () => {
  beforeAll(async () => {
    const cwd = await outputDir('docs-troubleshooting')
    await mkdir(join(cwd, 'static/img'), { recursive: true })
    await writeFile(join(cwd, 'static/img/logo.png'), 'png')
    await writeFile(join(cwd, 'static/app.js'), 'document.title = "ran"\n')
    expect(runCliIn(cwd, 'build', 'static', '--out', 'dist/static').code).toBe(0)
    const assets = createAssets({ manifest: join(cwd, 'dist/static'), dev: false })
    built = assets
    printed.set('ASSET_NOT_FOUND', thrown(() => assets.url('img/logo.pgn')).message)
    printed.set('ENTRY_NOT_FOUND', thrown(() => assets.entry('src/main.ts')).message)
    printed.set('MANIFEST_NOT_FOUND from createAssets', thrown(() => createAssets({ manifest: join(cwd, 'dist/nowhere.json'), dev: false })).message)
    printed.set('MANIFEST_NOT_FOUND from inspect', failureIn(cwd, 'inspect', 'static'))
    printed.set('a static folder that does not exist', failureIn(cwd, 'build', 'nosuch', '--out', 'out'))
    printed.set('a static folder that is a file', failureIn(cwd, 'build', 'static/img/logo.png', '--out', 'out'))
    printed.set('-out', failureIn(cwd, 'build', 'static', '-out', 'out'))
    // What `vite build` leaves in a folder: a manifest naming bundler entries.
    await mkdir(join(cwd, 'bundled'))
    await writeFile(join(cwd, 'bundled/assetmap.json'), `${JSON.stringify({ version: 1, entries: { 'src/main.ts': {}, 'src/admin.ts': {} } }, null, 2)}\n`)
    printed.set('a manifest another build wrote', failureIn(cwd, 'build', 'static', '--out', 'bundled'))
    await mkdir(join(cwd, 'piped'))
    expect(spawnSync('mkfifo', [join(cwd, 'piped/pipe')]).status).toBe(0)
    printed.set('a FIFO', failureIn(cwd, 'build', 'piped', '--out', 'out'))
  })

  it('quotes each message', () => {
    expect(quoted.length).toBeGreaterThan(0)
    for (const [failure, message] of printed) expect(quoted.some((template) => matches(template, message)), `${failure}: ${message}`).toBe(true)
  })

  it('quotes nothing the code does not print', () => {
    for (const template of quoted) expect([...printed.values()].some((message) => matches(template, message)), template).toBe(true)
  })

  it("quotes Chromium's message for a module script from a CDN origin without CORS headers, and the fix it gives works", async () => {
    const browser = await launchChromium()
    /** A page on one origin whose module script, with its integrity, comes from `serveAssets` on another; what Chromium did. */
    const load = async (cors: boolean) => {
      const cdn = await listen(createServer(serveAssets(built, { prefix: '/static/', cors })))
      const assets = built.withBase(`${cdn.origin}/static/`)
      const tag = `<script type="module" src="${assets.url('app.js')}" integrity="${assets.integrity('app.js')}" crossorigin="anonymous"></script>`
      const app = await listen(createServer((_request, response) => response.setHeader('content-type', 'text/html').end(`<!doctype html><title>page</title>${tag}`)))
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      try {
        await page.goto(app.origin, { waitUntil: 'networkidle' })
        return { title: await page.title(), errors }
      } finally {
        await page.close()
        await close(app.server)
        await close(cdn.server)
      }
    }
    try {
      const blocked = await load(false)
      expect(blocked.title).toBe('page')
      expect(blocked.errors.some((error) => matches(browserQuote, error)), `${browserQuote}\n${blocked.errors.join('\n')}`).toBe(true)
      expect(await load(true)).toEqual({ title: 'ran', errors: [] })
    } finally {
      await browser.close()
    }
  })
})
