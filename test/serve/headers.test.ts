import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { createAssets } from '@assetmap/runtime'
import { serveAssets } from '@assetmap/serve'
import { IMMUTABLE } from '@assetmap/serve/internal'
import { fixture, readManifest } from '../helpers/paths.ts'
import { buildServed, servedSuite, startServe, type ServedBuild } from '../helpers/served.ts'
import { close, listen } from '../helpers/servers.ts'

describe('serveAssets: the header policy', () => {
  const suite = servedSuite('serve-headers')


  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${suite.server.origin}/static/${path}`, { headers: { 'accept-encoding': 'identity', ...headers } })

  it('sends a hashed file immutable, with a strong ETag from its integrity and its exact bytes', async () => {
    const path = suite.build.path('css/app.css')
    const response = await get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(IMMUTABLE).toBe('public, max-age=31536000, immutable')
    const integrity = suite.build.assets.integrity('css/app.css')!
    expect(response.headers.get('etag')).toBe(`"${integrity.slice('sha384-'.length, 'sha384-'.length + 22)}"`)
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('last-modified')).toBe(statSync(join(suite.build.out, path)).mtime.toUTCString())
    const bytes = readFileSync(join(suite.build.out, path))
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength)
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true)
  })

  it('gives files the manifest does not name the short cache and a weak ETag', async () => {
    const response = await get('robots.txt')
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=60')
    expect(response.headers.get('etag')).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await response.text()).toBe('User-agent: *\nDisallow:\n')
  })

  it('types binaries without a charset and JavaScript as text/javascript', async () => {
    const png = await get(suite.build.path('img/dot.png'))
    expect(png.headers.get('content-type')).toBe('image/png')
    const js = await get(suite.build.path('js/app.js'))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toContain(suite.build.path('js/greet.js').split('/').pop())
  })

  it('answers a miss under the prefix 404 with no-cache, for unknown names, folders, dotfiles and the manifests', async () => {
    for (const path of ['css/missing.css', 'css', 'css/', '', '.secret', 'assetmap.json', `.assetmap/releases/${suite.build.assets.manifest.release}.json`]) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('cache-control'), path).toBe('no-cache')
      expect(await response.text(), path).toBe('Not Found\n')
    }
  })

  it('streams a file too big for the memory cache, byte for byte', async () => {
    const response = await get('media/large.bin')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/octet-stream')
    expect(Number(response.headers.get('content-length'))).toBe(suite.build.large.byteLength)
    expect(Buffer.from(await response.arrayBuffer()).equals(suite.build.large)).toBe(true)
  })
})

describe('serveAssets: options and the file table', () => {
  let build: ServedBuild

  beforeAll(async () => {
    build = await buildServed('serve-options')
  })

  it('sets Access-Control-Allow-Origin (on 304s too) unless cors: false, and the short Cache-Control when asked', async () => {
    const none = await startServe(build.assets, { cors: false })
    try {
      expect((await fetch(`${none.origin}/static/robots.txt`)).headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await none.stop()
    }
    const server = await startServe(build.assets, { cors: true, cacheControl: 'public, max-age=5' })
    try {
      const hashed = await fetch(`${server.origin}/static/${build.path('css/app.css')}`)
      expect(hashed.headers.get('access-control-allow-origin')).toBe('*')
      expect(hashed.headers.get('cache-control')).toBe(IMMUTABLE)
      const revalidated = await fetch(hashed.url, { headers: { 'if-none-match': hashed.headers.get('etag')! } })
      expect(revalidated.status).toBe(304)
      expect(revalidated.headers.get('access-control-allow-origin')).toBe('*')
      const plain = await fetch(`${server.origin}/static/robots.txt`)
      expect(plain.headers.get('cache-control')).toBe('public, max-age=5')
    } finally {
      await server.stop()
    }
    const one = await startServe(build.assets, { cors: 'https://app.example.com' })
    try {
      expect((await fetch(`${one.origin}/static/robots.txt`)).headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    } finally {
      await one.stop()
    }
  })

  it('types files from a maintained table (mrmime), charset on text, and the web types it lacks', async () => {
    const types: Record<string, string> = {
      'model.glb': 'model/gltf-binary',
      'data.jsonld': 'application/ld+json',
      'photo.jxl': 'image/jxl',
      'feed.xml': 'text/xml; charset=utf-8',
      'favicon.ico': 'image/x-icon',
      'legacy.cjs': 'text/javascript; charset=utf-8',
      'font.eot': 'application/vnd.ms-fontobject',
      'NOTES.MD': 'text/markdown; charset=utf-8',
      'LICENSE': 'application/octet-stream',
    }
    for (const name of Object.keys(types)) writeFileSync(join(build.out, 'media', name), 'x')
    const server = await startServe(build.assets)
    try {
      const sent: Record<string, string | null> = {}
      for (const name of Object.keys(types)) sent[name] = (await fetch(`${server.origin}/static/media/${name}`)).headers.get('content-type')
      expect(sent).toEqual(types)
    } finally {
      await server.stop()
      for (const name of Object.keys(types)) rmSync(join(build.out, 'media', name))
    }
  })

  it('builds the table at start-up: a file the manifest names but the disk lacks is a warned 404', async () => {
    const path = build.path('js/greet.js')
    const saved = readFileSync(join(build.out, path))
    rmSync(join(build.out, path))
    const warnings: string[] = []
    const server = await startServe(build.assets, { onWarning: (message) => warnings.push(message) })
    try {
      // The first request waits for the table that started building with the handler.
      expect((await fetch(`${server.origin}/static/${path}`)).status).toBe(404)
      expect(warnings).toEqual([expect.stringContaining(`${path} is in the manifest but not in ${build.out}`)])
    } finally {
      writeFileSync(join(build.out, path), saved)
      await server.stop()
    }
  })

  it('answers 404 (not a crash, nor remembered bytes) when a file vanished after start-up, cached in memory or not', async () => {
    const cached = await startServe(build.assets)
    const uncached = await startServe(build.assets, { memoryCache: 0 })
    const path = build.path('css/app.css')
    const saved = readFileSync(join(build.out, path))
    try {
      expect((await fetch(`${cached.origin}/static/${path}`, { headers: { 'accept-encoding': 'identity' } })).status).toBe(200)
      rmSync(join(build.out, path))
      const fromMemory = await fetch(`${cached.origin}/static/${path}`, { headers: { 'accept-encoding': 'identity' } })
      expect(fromMemory.status).toBe(404)
      const gone = await fetch(`${uncached.origin}/static/${path}`, { headers: { 'accept-encoding': 'identity' } })
      expect(gone.status).toBe(404)
      expect(gone.headers.get('cache-control')).toBe('no-cache')
    } finally {
      writeFileSync(join(build.out, path), saved)
      await cached.stop()
      await uncached.stop()
    }
  })

  it('follows assets.reload(): new names are served once reloaded, and the earlier release stays immutable', async () => {
    const assets = createAssets({ manifest: join(build.out, 'assetmap.json') })
    const handler = serveAssets(assets, { prefix: '/static/', onWarning: () => {} })
    const { origin, server } = await listen(createServer((req, res) => handler(req, res)))
    try {
      const before = assets.url('css/app.css')
      expect((await fetch(`${origin}${before}`)).status).toBe(200)
      const changed = mkdtempSync(join(tmpdir(), 'served-'))
      cpSync(fixture('served'), changed, { recursive: true })
      writeFileSync(join(changed, 'css/app.css'), '.changed { color: red }\n')
      await buildCommand({ dirs: [changed], out: build.out, onWarning: () => {} })
      const next = `/static/${(await readManifest(build.out)).assets['css/app.css']}`
      expect(next).not.toBe(before)
      // The table is built at start-up, not from the disk per request.
      expect((await fetch(`${origin}${next}`)).status).toBe(404)
      assets.reload()
      expect(assets.url('css/app.css')).toBe(next)
      const fresh = await fetch(`${origin}${next}`)
      expect(fresh.status).toBe(200)
      expect(fresh.headers.get('cache-control')).toBe(IMMUTABLE)
      expect(await fresh.text()).toBe('.changed { color: red }\n')
      const old = await fetch(`${origin}${before}`, { headers: { 'accept-encoding': 'identity' } })
      expect(old.status).toBe(200)
      expect(old.headers.get('cache-control')).toBe(IMMUTABLE)
    } finally {
      await close(server)
    }
  })

  it('never serves through a symlink that leaves the root, and warns about it at start-up', async () => {
    const outside = join(build.out, '..', `outside-${Date.now()}.txt`)
    writeFileSync(outside, 'OUTSIDE-BYTES\n')
    symlinkSync(outside, join(build.out, 'leak.txt'))
    symlinkSync(join(build.out, 'robots.txt'), join(build.out, 'robots-link.txt'))
    const warnings: string[] = []
    const server = await startServe(build.assets, { onWarning: (message) => warnings.push(message) })
    try {
      const leak = await fetch(`${server.origin}/static/leak.txt`)
      expect(leak.status).toBe(404)
      expect(await leak.text()).not.toContain('OUTSIDE')
      expect(warnings).toEqual([expect.stringContaining('leak.txt links outside')])
      const inside = await fetch(`${server.origin}/static/robots-link.txt`)
      expect(inside.status).toBe(200)
      expect(await inside.text()).toBe('User-agent: *\nDisallow:\n')
    } finally {
      rmSync(join(build.out, 'leak.txt'))
      rmSync(join(build.out, 'robots-link.txt'))
      rmSync(outside)
      await server.stop()
    }
  })

  it('needs a root when the manifest was passed as an object', () => {
    const assets = createAssets({ manifest: build.assets.manifest })
    expect(() => serveAssets(assets)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('pass `root`') }))
    expect(() => serveAssets(build.assets, { prefix: 'static' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', value: 'static' }))
  })
})
