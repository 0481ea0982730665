import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import assetmap from '@assetmap/plugin/vite'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.ts'
import { outputDir, repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'

/** A tiny Vite project with server templates under views/. */
async function project(label: string): Promise<string> {
  const root = await outputDir(label)
  mkdirSync(join(root, 'views/a'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>refresh</title><p id="ok">page</p>\n')
  writeFileSync(join(root, 'views/page.njk'), '<p>njk</p>\n')
  writeFileSync(join(root, 'views/page.html'), '<p>html</p>\n')
  writeFileSync(join(root, 'views/page.txt'), 'not a template\n')
  return root
}

/** Starts Vite with `refresh` in a child process (a hang must not take the test runner with it). */
function startWithRefresh(root: string, refresh: string[]): Promise<{ code: number | null; stderr: string; killed: boolean }> {
  const script = `import { createServer } from 'vite'
    import assetmap from '@assetmap/plugin/vite'
    try {
      const server = await createServer({ root: ${JSON.stringify(root)}, configFile: false, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, plugins: [assetmap({ refresh: ${JSON.stringify(refresh)} })] })
      await server.listen()
      await server.close()
      process.exit(0)
    } catch (error) {
      process.stderr.write(String(error.message))
      process.exit(3)
    }`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let killed = false
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, killed })
    })
  })
}

describe('refresh globs (picomatch)', () => {
  let root: string
  let vite: ViteDevServer
  let browser: Browser

  beforeAll(async () => {
    root = await project('refresh')
    const port = await freePort()
    vite = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      server: { port, host: '127.0.0.1' },
      plugins: [assetmap({ refresh: ['views/{*.njk,*.html}'] })],
    })
    await vite.listen()
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await vite?.close()
  })

  it('reloads the page for a template a brace list names, and not for other files', async () => {
    const page = await browser.newPage()
    const { port } = vite.httpServer!.address() as { port: number }
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'networkidle' })
    const mark = (): Promise<unknown> => page.evaluate(() => ((window as unknown as { marker: number }).marker = 1))
    const marked = (): Promise<unknown> => page.evaluate(() => (window as unknown as { marker?: number }).marker)

    await mark()
    writeFileSync(join(root, 'views/page.txt'), 'still not a template\n')
    // Give a wrong reload time to happen; the .html edit below must then be the one that reloads.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await marked()).toBe(1)

    for (const file of ['views/page.html', 'views/page.njk']) {
      await mark()
      writeFileSync(join(root, file), `${readFileSync(join(root, file), 'utf8')}<p>edited</p>\n`)
      await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined, null, { timeout: 10_000 })
    }
    await page.close()
  })

  it.each([['views/{a/*.njk'], ['views/[a.njk'], ['views/(a|b.njk']])('rejects the unbalanced pattern %s with an error naming it, without hanging', async (pattern) => {
    const root = await project('refresh-bad')
    const result = await startWithRefresh(root, ['views/**/*.njk', pattern])
    expect(result.killed).toBe(false)
    expect(result.code).toBe(3)
    expect(result.stderr).toContain(JSON.stringify(pattern))
    expect(result.stderr).toContain('refresh')
  })
})
