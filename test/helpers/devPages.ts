import type { Server } from 'node:http'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createServer, type ViteDevServer } from 'vite'
import type { Browser, Page } from 'playwright-core'
import { DEV_FILE } from '@assetmap/runtime/internal'
// @ts-expect-error: the example is plain JavaScript
import { createApp } from '../../examples/express-vite/app.js'
import { watchPage, type PageLog } from './browser.ts'
import { freePort } from './ports.js'
import { close, listen } from './servers.ts'
import { until } from './until.ts'

/** Two processes' worth in one: `vite` for a copy of the Express example, and the example's app beside it. */
export interface ViteBeside {
  vite: ViteDevServer
  /** `http://127.0.0.1:<port>` of the app. */
  origin: string
  stop(): Promise<void>
}

/** Starts Vite on a free port, waits for its dev file, then the example app on another port. */
export async function startViteBeside(app: string): Promise<ViteBeside> {
  const vite = await createServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { port: await freePort(), host: '127.0.0.1' } })
  await vite.listen()
  await until(() => existsSync(join(app, 'dist/static', DEV_FILE)), 'assetmap.dev.json')
  const { origin, server } = (await listen(createApp({ manifest: join(app, 'dist/static/assetmap.json'), views: join(app, 'views') }).app)) as { origin: string; server: Server }
  return {
    vite,
    origin,
    async stop() {
      await close(server)
      await vite.close()
    },
  }
}

/** What a page looks like with JavaScript off: whether the entry ran, and two styles of the entry's CSS. */
export async function styledWithoutScripts(browser: Browser, url: string): Promise<{ ran: string | undefined; h1: string; main: string; links: Array<string | null> }> {
  const context = await browser.newContext({ javaScriptEnabled: false })
  try {
    const page = await context.newPage()
    await page.goto(url)
    return await page.evaluate(() => ({
      ran: document.body.dataset.entry,
      h1: getComputedStyle(document.querySelector('h1')!).color,
      main: getComputedStyle(document.querySelector('main')!).maxWidth,
      links: [...document.querySelectorAll('link[rel=stylesheet]')].map((link) => link.getAttribute('href')),
    }))
  } finally {
    await context.close()
  }
}

/** Opens `url` and waits for the example's main entry to run and the HMR socket to open. */
export async function openWithHmr(browser: Browser, url: string): Promise<{ page: Page; log: PageLog; sockets: string[] }> {
  const page = await browser.newPage()
  const log = watchPage(page)
  const sockets: string[] = []
  page.on('websocket', (socket) => sockets.push(socket.url()))
  await page.goto(url)
  await until(() => page.evaluate(() => document.body.dataset.entry === 'main'), 'the main entry to run')
  await until(() => sockets.length > 0, 'the HMR WebSocket')
  return { page, log, sockets }
}
