import type { Server } from 'node:http'
import { readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { build } from 'vite'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanCommand, publishCommand } from '@assetmap/cli'
import type { Manifest } from '@assetmap/runtime'
// @ts-expect-error: the example is plain JavaScript
import { createApp } from '../../examples/express-vite/app.js'
import { launchChromium, watchPage } from '../helpers/browser.ts'
import { exampleCopy, readManifest } from '../helpers/paths.ts'
import { startS3, type LocalS3 } from '../helpers/s3.ts'
import { close, listen } from '../helpers/servers.ts'


/** Every key of the bucket a manifest accounts for (its files and their variants). */
function keysOf(manifest: Manifest): Set<string> {
  const keys = new Set<string>()
  for (const path of Object.keys(manifest.files)) for (const suffix of ['', '.br', '.gz', '.zst']) keys.add(path + suffix)
  return keys
}

describe('a rolling deploy through S3: two app versions, one asset store, zero failed requests', () => {
  let s3: LocalS3
  let browser: Browser
  let app: string
  let shared: string
  let cdn: string
  const servers: Server[] = []
  const manifests: Manifest[] = []

  async function buildRelease(headingColor: string): Promise<Manifest> {
    const css = join(app, 'src/styles/main.css')
    writeFileSync(css, readFileSync(css, 'utf8').replace(/h1 \{([^}]*)color: [^;]+;/, `h1 {$1color: ${headingColor};`))
    await build({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', build: { outDir: shared } })
    return readManifest(shared)
  }

  async function startApp(release: string): Promise<string> {
    const { app: server } = createApp({ manifest: join(shared, 'assetmap.json'), baseUrl: `${cdn}/static/`, release })
    const { origin, server: listening } = await listen(server)
    servers.push(listening)
    return origin
  }

  /** Loads a page and checks what a user would notice: failures, errors, the script not running, the wrong styles. */
  async function visit(origin: string, headingColor: string): Promise<void> {
    const page = await browser.newPage()
    const log = watchPage(page)
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' })
    try {
      expect(log.failed).toEqual([])
      expect(log.errors).toEqual([])
      expect(log.responses.filter((response) => response.status >= 400)).toEqual([])
      expect(log.responses.filter((response) => response.url.startsWith(`${cdn}/static/`)).length).toBeGreaterThanOrEqual(8)
      expect(await page.evaluate(() => document.body.dataset.entry)).toBe('main')
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe(headingColor)
    } finally {
      await page.close()
    }
  }

  beforeAll(async () => {
    app = await exampleCopy('rolling')
    shared = join(app, '..', 'static')
    s3 = await startS3()
    // The CDN in front of the bucket: it forwards GETs to S3 and adds CORS, as CloudFront would.
    const proxy = createServer(async (req, res) => {
      const upstream = await fetch(`${s3.endpoint}/${s3.bucket}${req.url}`)
      const headers: Record<string, string> = { 'Access-Control-Allow-Origin': '*' }
      for (const name of ['content-type', 'cache-control', 'etag']) {
        const value = upstream.headers.get(name)
        if (value) headers[name] = value
      }
      res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()))
    })
    const listening = await listen(proxy)
    servers.push(listening.server)
    cdn = listening.origin
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await Promise.all(servers.map(close))
    await s3?.stop()
  })

  it('serves release 1 and 2 side by side, then cleans release 1 away', async () => {
    const target = `s3://${s3.bucket}/static`
    manifests.push(await buildRelease('rgb(21, 101, 192)'))
    await publishCommand({ dir: shared, to: target, endpoint: s3.endpoint })
    const appA = await startApp(manifests[0]!.release)
    await visit(appA, 'rgb(21, 101, 192)')

    // Release 2 is built into the same folder and published while A keeps serving pages.
    manifests.push(await buildRelease('rgb(183, 28, 28)'))
    expect(manifests[1]!.release).not.toBe(manifests[0]!.release)
    let publishing = true
    const publish = publishCommand({ dir: shared, to: target, endpoint: s3.endpoint, concurrency: 2 }).finally(() => (publishing = false))
    let visitsDuring = 0
    while (publishing) {
      await visit(appA, 'rgb(21, 101, 192)')
      visitsDuring++
    }
    const summary = await publish
    expect(visitsDuring).toBeGreaterThan(0)
    expect(summary.uploaded.length).toBeGreaterThan(0)

    const appB = await startApp(manifests[1]!.release)
    await visit(appA, 'rgb(21, 101, 192)')
    await visit(appB, 'rgb(183, 28, 28)')

    const keepBoth = await cleanCommand({ to: target, endpoint: s3.endpoint, keep: 2 })
    expect(keepBoth.remove).toEqual([])
    await visit(appA, 'rgb(21, 101, 192)')
    await visit(appB, 'rgb(183, 28, 28)')

    const before = new Set(await s3.keys('static/'))
    const keepOne = await cleanCommand({ to: target, endpoint: s3.endpoint, keep: 1 })
    const second = keysOf(manifests[1]!)
    const onlyFirst = [...keysOf(manifests[0]!)].filter((key) => !second.has(key) && before.has(key))
    expect(onlyFirst.length).toBeGreaterThan(0)
    expect(keepOne.remove.sort()).toEqual([...onlyFirst, `.assetmap/releases/${manifests[0]!.release}.json`].sort())
    await visit(appB, 'rgb(183, 28, 28)')
  })
})
