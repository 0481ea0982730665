import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import Fastify from 'fastify'
import nunjucks from 'nunjucks'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addAssetmap } from '@assetmap/nunjucks'
import { createDevServer, type EmbeddedDevServer } from '@assetmap/plugin/dev'
import { launchChromium, problems } from '../helpers/browser.ts'
import { openWithHmr } from '../helpers/devPages.ts'
import { exampleCopy } from '../helpers/paths.ts'
import { close } from '../helpers/servers.ts'

/** The example's home page rendered with Nunjucks against the embedded dev server. */
function renderer(app: string, dev: EmbeddedDevServer): () => string {
  const env = nunjucks.configure(join(app, 'views'), { autoescape: true, noCache: true })
  addAssetmap(env, dev.assets)
  return () => env.render('index.njk', { title: 'embedded' })
}

/** Each way of mounting Vite in a server: returns the listening server and the dev server. */
const FRAMEWORKS: Record<string, (app: string) => Promise<{ server: Server; dev: EmbeddedDevServer; stop(): Promise<void> }>> = {
  'node:http': async (app) => {
    const server = createServer()
    const dev = await createDevServer({ server, root: app, vite: { logLevel: 'silent' } })
    const render = renderer(app, dev)
    server.on('request', (req, res) =>
      dev.middlewares(req, res, () => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        res.end(render())
      }),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return { server, dev, stop: () => close(server) }
  },
  Fastify: async (app) => {
    const fastify = Fastify()
    const dev = await createDevServer({ server: fastify.server, root: app, vite: { logLevel: 'silent' } })
    const render = renderer(app, dev)
    // What Vite answers never reaches Fastify's routes; everything else goes on to them.
    fastify.addHook('onRequest', (request, reply, done) => dev.middlewares(request.raw, reply.raw, done))
    fastify.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(render()))
    await fastify.listen({ port: 0, host: '127.0.0.1' })
    return { server: fastify.server, dev, stop: () => fastify.close() }
  },
}

describe.each(Object.keys(FRAMEWORKS))('Vite embedded in %s, in Chromium', (framework) => {
  let browser: Browser
  let running: Awaited<ReturnType<(typeof FRAMEWORKS)[string]>>
  let origin: string

  beforeAll(async () => {
    running = await FRAMEWORKS[framework]!(await exampleCopy(`embedded-${framework.replace(':', '-')}`))
    const address = running.server.address() as { port: number }
    origin = `http://127.0.0.1:${address.port}`
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await running?.dev.close()
    await running?.stop()
  })

  it('serves the page, the entry, its linked stylesheet and the HMR socket from the one origin', async () => {
    const { page, log, sockets } = await openWithHmr(browser, `${origin}/`)
    expect(await page.locator('link[rel=stylesheet][href="/src/styles/main.css"]').count()).toBe(1)
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).color)).toBe('rgb(21, 101, 192)')
    expect(log.responses.map((response) => response.url).filter((url) => !url.startsWith(`${origin}/`))).toEqual([])
    expect(sockets.every((url) => url.startsWith(origin.replace('http', 'ws'))), sockets.join()).toBe(true)
    expect(problems(log)).toEqual([])
    await page.close()
  }, 30_000)
})
