import { connect } from 'node:http2'
import { connect as netConnect } from 'node:net'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { buildWithVite } from '../helpers/bundlers.ts'
import { hintsApp } from '../helpers/hintsApp.ts'
import { selfSignedCertificate } from '../helpers/hintsServer.ts'
import { outputDir, repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { rawGet, splitLinks } from '../helpers/rawHttp.ts'
import { readmeBlock, readmeBlocks, start, type Started } from '../helpers/readme.ts'
import { until } from '../helpers/until.ts'

const PAGE = 'docs/hints.md'
const block = (id: string): string => readmeBlock(repoRoot, id, PAGE)
const BLOCKS = {
  server: '// server.js',
  view: '{# views/index.njk #}',
  early: 'HTTP/1.1 103 Early Hints',
  h2: '// server-h2.js',
  fontsOption: "const assets = createAssets({ manifest: 'dist/static/assetmap.json', fonts: true }) // every entry",
  fontsTag: "{% entry 'src/main.js', fonts=true %}",
  fontTag: '<link rel="preload" href="/static/assets/hints-mono-Dylen2lI.woff2" as="font" type="font/woff2" crossorigin="anonymous">',
  debug: 'DEBUG=assetmap node server.js',
  line: '[assetmap] GET /: entries src/main.js | stylesheet 1 (207 B): assets/main--uxMS-i-.css 207 B | script 1 (2.2 kB): assets/main-DX9cObR5.js 2.2 kB | font 1 (57.8 kB): assets/hints-mono-Dylen2lI.woff2 57.8 kB | prefetch 8 (406 B): assets/one-CAOdWko-.css 24 B, assets/one-DcCCs_iG.js 76 B, assets/two-B2POs8TN.css 24 B, assets/two-CUEtjMIC.js 76 B, assets/three-DhGQy85d.css 26 B, assets/three-BPSia4EL.js 78 B, assets/four-i7CVu7AL.css 25 B, assets/four-CCwMcXKu.js 77 B | hint 3: assets/main--uxMS-i-.css (rel=preload; as=style), assets/hints-mono-Dylen2lI.woff2 (rel=preload; as=font), assets/main-DX9cObR5.js (rel=modulepreload)',
} as const

/**
 * What a quoted output must match: as written, but a hashed file name may carry another hash
 * (another Vite version), a size another figure, and `…` stands for the rest of a value.
 */
function asQuoted(text: string): RegExp {
  const pattern = text
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/-[\w-]{8}\\\./g, '-[\\w-]{8}\\.')
    .replace(/\d+(?:\\\.\d)? (k?B)/g, '[\\d.]+ $1')
    .replaceAll('…', '[^"]+')
  return new RegExp(`^${pattern}$`)
}

describe('docs/hints.md: its examples, run', () => {
  let app: string
  const servers: Started[] = []
  beforeAll(async () => {
    app = join(await outputDir('docs-hints'), 'app')
    cpSync(join(hintsApp, 'src'), join(app, 'src'), { recursive: true })
    mkdirSync(join(app, 'views'))
    writeFileSync(join(app, 'views/index.njk'), block(BLOCKS.view))
    writeFileSync(join(app, 'server.js'), block(BLOCKS.server))
    writeFileSync(join(app, 'server-h2.js'), block(BLOCKS.h2))
    const tls = await selfSignedCertificate()
    writeFileSync(join(app, 'key.pem'), tls.key)
    writeFileSync(join(app, 'cert.pem'), tls.cert)
    await buildWithVite(app, join(app, 'dist/static'), undefined, { build: { rollupOptions: { input: [join(app, 'src/main.js')] } } })
  }, 60_000)
  afterAll(async () => {
    for (const server of servers) await server.stop()
  })

  it('names every block it has, so none goes untested', () => {
    expect(readmeBlocks(repoRoot, PAGE).map((b) => b.id).sort()).toEqual(Object.values(BLOCKS).sort())
  })

  it('Express: `DEBUG=assetmap node server.js` answers with the 103 and the 200 quoted, and prints the line quoted', async () => {
    expect(block(BLOCKS.debug).trim()).toBe('DEBUG=assetmap node server.js')
    const port = await freePort()
    const server = start('node', ['server.js'], app, { PORT: String(port), DEBUG: 'assetmap', NODE_ENV: 'development' })
    servers.push(server)
    const origin = `http://127.0.0.1:${port}`
    await server.ready(`${origin}/`, 20_000)
    const heads = await rawGet(origin, '/')
    expect(heads.map((head) => head.status)).toEqual([103, 200])
    const quoted = block(BLOCKS.early).trim().split('\n')[1]!.replace(/^Link: /, '')
    expect(splitLinks(quoted)).toHaveLength(3)
    splitLinks(quoted).forEach((link, i) => expect(heads[0]!.links[i]).toMatch(asQuoted(link)))
    expect(heads[1]!.links).toEqual(heads[0]!.links)
    const html = await (await fetch(`${origin}/`)).text()
    expect(html).toMatch(new RegExp(asQuoted(BLOCKS.fontTag).source.slice(1, -1)))
    expect(html).toContain('<p>a post</p>')
    await until(() => server.output().includes('[assetmap] GET /:'), 'the report line')
    const line = server.output().split('\n').find((l) => l.startsWith('[assetmap] GET /:'))!
    expect(line).toMatch(asQuoted(block(BLOCKS.line)))
  }, 40_000)

  it('Fastify over HTTP/2 with TLS: the 103 comes first with the Link values, the 200 carries the same', async () => {
    const port = await freePort()
    const server = start('node', ['server-h2.js'], app, { PORT: String(port) })
    servers.push(server)
    await until(() => {
      if (server.child.exitCode !== null) throw new Error(`server-h2.js exited:\n${server.output()}`)
      return new Promise<boolean>((resolve) => {
        const socket = netConnect(port, '127.0.0.1', () => resolve(socket.destroy() !== undefined))
        socket.on('error', () => resolve(false))
      })
    }, 'server-h2.js to listen')
    const session = connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false })
    try {
      const seen = await new Promise<Array<{ status: number; link: string[] }>>((resolve, reject) => {
        const heads: Array<{ status: number; link: string[] }> = []
        const toLinks = (value: unknown): string[] => (Array.isArray(value) ? value : [String(value)]).flatMap((v) => splitLinks(String(v)))
        const stream = session.request({ ':path': '/' })
        stream.on('headers', (headers) => heads.push({ status: Number(headers[':status']), link: toLinks(headers.link) }))
        stream.on('response', (headers) => heads.push({ status: Number(headers[':status']), link: toLinks(headers.link) }))
        stream.on('error', reject)
        stream.resume()
        stream.on('end', () => resolve(heads))
      })
      expect(seen.map((head) => head.status)).toEqual([103, 200])
      expect(seen[0]!.link.map((link) => link.replace(/; integrity="[^"]+"/, ''))).toEqual([
        expect.stringMatching(/^<\/static\/assets\/main-[\w-]{8}\.css>; rel=preload; as=style; crossorigin$/),
        expect.stringMatching(/^<\/static\/assets\/hints-mono-[\w-]{8}\.woff2>; rel=preload; as=font; type=font\/woff2; crossorigin$/),
        expect.stringMatching(/^<\/static\/assets\/main-[\w-]{8}\.js>; rel=modulepreload; crossorigin$/),
      ])
      expect(seen[1]!.link).toEqual(seen[0]!.link)
    } finally {
      session.close()
    }
  }, 40_000)

  it('Fonts: the `fonts` option and `{% entry …, fonts=true %}` render the preload quoted', () => {
    const option = block(BLOCKS.fontsOption)
    expect(option).toContain("createAssets({ manifest: 'dist/static/assetmap.json', fonts: true })")
    const everyEntry = createAssets({ manifest: join(app, 'dist/static/assetmap.json'), fonts: true, dev: false })
    const plain = createAssets({ manifest: join(app, 'dist/static/assetmap.json'), dev: false })
    expect(everyEntry.entryTags('src/main.js').split('\n')[0]).toMatch(asQuoted(BLOCKS.fontTag))
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), plain)
    expect(env.renderString(block(BLOCKS.fontsTag), {}).split('\n')[0]).toMatch(asQuoted(BLOCKS.fontTag))
    expect(plain.entryTags('src/main.js')).not.toContain('as="font"')
  })
})
