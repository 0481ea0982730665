import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/ports.js'
import { repoRoot } from '../helpers/paths.ts'
import { FRESH_CLONE_BLOCKS, readmeBlock, runToEnd, start, type Started } from '../helpers/readme.ts'

// What a newcomer does first: clone, run the README's quick start, then the CLI. The clone is of this
// repository's HEAD (commit before running), outside it, installed once from npm's cache.
describe('a fresh clone, after the README quick start (one npm install)', () => {
  let work: string
  let clone: string
  let demo: Started | undefined
  let cdn: Started | undefined
  let demoPort: number

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'assetmap-clone-'))
    clone = join(work, 'assetmap')
    const cloned = await runToEnd('git', ['clone', '--quiet', repoRoot, clone], work)
    expect(cloned.code, cloned.stderr).toBe(0)
    demoPort = await freePort()
    demo = start('bash', ['-euo', 'pipefail', '-c', readmeBlock(clone, FRESH_CLONE_BLOCKS.demo)], clone, { PORT: String(demoPort), npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' })
    await demo.ready(`http://127.0.0.1:${demoPort}/`, 540_000)
  }, 600_000)

  afterAll(async () => {
    await demo?.stop()
    await cdn?.stop()
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('npm run demo serves the example', async () => {
    const html = await (await fetch(`http://127.0.0.1:${demoPort}/`)).text()
    expect(html).toMatch(/<script type="module" src="\/static\/assets\/main-[\w-]+\.js"/)
  })

  it('links node_modules/.bin/assetmap on that first install: npx assetmap --version works', async () => {
    expect(existsSync(join(clone, 'node_modules/.bin/assetmap'))).toBe(true)
    const { version } = JSON.parse(readFileSync(join(clone, 'packages/cli/package.json'), 'utf8')) as { version: string }
    const run = await runToEnd('npx', ['--no-install', 'assetmap', '--version'], clone)
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: `${version}\n` })
  })

  it('the CDN command serves the same build with every asset URL on port 3001, rebuilding nothing', async () => {
    await demo!.stop()
    const manifest = join(clone, 'examples/express-vite/dist/static/assetmap.json')
    const before = statSync(manifest).mtimeMs
    const port = await freePort()
    cdn = start('bash', ['-euo', 'pipefail', '-c', readmeBlock(clone, FRESH_CLONE_BLOCKS.cdn)], clone, { PORT: String(port) })
    await cdn.ready(`http://127.0.0.1:${port}/`, 60_000)
    const html = await (await fetch(`http://127.0.0.1:${port}/`)).text()
    const urls = [...html.matchAll(/(?:href|src)="([^"]+\.(?:css|js|svg|png))"/g)].map((m) => m[1]!)
    expect(urls.length).toBeGreaterThan(2)
    for (const url of urls) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3001\/static\//)
      expect((await fetch(url)).status, url).toBe(200)
    }
    expect(statSync(manifest).mtimeMs).toBe(before)
  }, 120_000)
})
