import { cpSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import type { Plugin } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDevServer, type EmbeddedDevServer } from '@assetmap/plugin/dev'
import { fixture, outputDir } from '../helpers/paths.ts'

/** A plugin that puts a classic inline script and a script file of its own into every page, as analytics or polyfill plugins do. */
const injecting: Plugin = {
  name: 'test:inject',
  transformIndexHtml: () => [
    { tag: 'script', children: 'window.classic = "</b>"', injectTo: 'head' },
    { tag: 'script', attrs: { type: 'module', src: '/src/extra.js' }, injectTo: 'body' },
  ],
}

describe('{% entry %} in dev writes every script the Vite config’s plugins inject into a page, not only React’s', () => {
  let dev: EmbeddedDevServer

  beforeAll(async () => {
    const app = join(await outputDir('page-scripts'), 'app')
    cpSync(fixture('react-app'), app, { recursive: true })
    dev = await createDevServer({ server: createServer(), root: app, vite: { logLevel: 'silent', plugins: [injecting] } })
    // The scripts are read before the first page renders, as the middlewares do before any route.
    await new Promise<void>((resolve, reject) => dev.middlewares({ url: '/__none__', method: 'GET', headers: {} } as never, {} as never, (error) => (error ? reject(error) : resolve())))
  }, 60_000)

  afterAll(() => dev?.close())

  it('keeps a classic script classic, writes a script file of its own before @vite/client and the entry, each with the nonce', () => {
    const html = dev.assets.entryTags('src/main.jsx', { nonce: 'n' })
    const tags = html.match(/<script\b[^>]*>/g)!
    expect(html).toContain('<script nonce="n">window.classic = "</b>"</script>')
    expect(tags.flatMap((tag) => tag.match(/src="([^"]+)"/)?.[1] ?? [])).toEqual(['/src/extra.js', '/@vite/client', '/src/main.jsx'])
    expect(html.match(/@react-refresh/g)).toHaveLength(1)
    expect(tags.every((tag) => tag.includes(' nonce="n"'))).toBe(true)
  })
})
