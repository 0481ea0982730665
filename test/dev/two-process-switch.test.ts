import type { Server } from 'node:http'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_FILE } from '@assetmap/runtime/internal'
// @ts-expect-error: the example is plain JavaScript
import { createApp } from '../../examples/express-vite/app.js'
import { exampleCopy } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { close, listen } from '../helpers/servers.ts'
import { until } from '../helpers/until.ts'

describe('two processes: the server follows `vite` starting and stopping beside it, with no restart', () => {
  let app: string
  let backend: Server
  let origin: string
  let vite: ViteDevServer | undefined
  let builtScript: string

  const page = async (): Promise<string> => (await fetch(`${origin}/`)).text()

  async function startVite(port: number): Promise<string> {
    vite = await createServer({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent', server: { port, host: '127.0.0.1' } })
    await vite.listen()
    await until(() => existsSync(join(app, 'dist/static', DEV_FILE)), 'assetmap.dev.json')
    return `http://127.0.0.1:${port}`
  }

  beforeAll(async () => {
    app = await exampleCopy('two-process-switch')
    await build({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent' })
    const manifest = JSON.parse(readFileSync(join(app, 'dist/static/assetmap.json'), 'utf8'))
    builtScript = `/static/${manifest.entries['src/main.ts'].js[0]}`
    const created = createApp({ manifest: join(app, 'dist/static/assetmap.json'), views: join(app, 'views') })
    expect(created.assets.dev).toBe(false)
    ;({ origin, server: backend } = await listen(created.app))
  }, 120_000)

  afterAll(async () => {
    await vite?.close()
    await close(backend)
  })

  it('renders the build, then the dev server once it runs, then the build once it stops, then the dev server again', async () => {
    expect(await page()).toContain(`src="${builtScript}"`)
    const port = await freePort()
    const devOrigin = await startVite(port)
    const dev = await page()
    expect(dev).toContain(`src="${devOrigin}/@vite/client"`)
    expect(dev).toContain(`src="${devOrigin}/src/main.ts"`)
    await vite!.close()
    vite = undefined
    const built = await page()
    expect(built).toContain(`src="${builtScript}"`)
    expect(built).not.toContain(devOrigin)
    await startVite(port)
    expect(await page()).toContain(`src="${devOrigin}/@vite/client"`)
  }, 60_000)

  it('re-reads a template on every render while the dev server runs, with no noCache set', async () => {
    if (vite === undefined) await startVite(await freePort())
    expect(await page()).toContain('@vite/client')
    const file = join(app, 'views/index.njk')
    writeFileSync(file, readFileSync(file, 'utf8').replace('{% block content %}', '{% block content %}<p id="edited">first edit</p>'))
    expect(await page()).toContain('first edit')
    writeFileSync(file, readFileSync(file, 'utf8').replace('first edit', 'second edit'))
    expect(await page()).toContain('second edit')
  }, 60_000)
})
