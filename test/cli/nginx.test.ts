import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nginxCommand } from '@assetmap/cli'
import type { Manifest } from '@assetmap/runtime'
import { hasBrotliStatic, startNginx } from '../helpers/nginx.js'
import { outputDir, readManifest, repoRoot } from '../helpers/paths.ts'
import { rawRequest } from '../helpers/served.ts'

const example = join(repoRoot, 'examples/express-vite')

describe('the nginx recipe of docs/serving.md (Debian nginx on 127.0.0.1) over the built Vite example', () => {
  let root: string
  let manifest: Manifest
  let nginx: Awaited<ReturnType<typeof startNginx>>

  beforeAll(async () => {
    const work = await outputDir('nginx')
    root = join(work, 'static')
    await build({ root: example, configFile: join(example, 'vite.config.js'), logLevel: 'silent', build: { outDir: root, emptyOutDir: true } })
    manifest = await readManifest(root)
    const map = join(work, 'assetmap-nginx.conf')
    writeFileSync(map, nginxCommand({ dir: root, location: '/static/' }))
    nginx = await startNginx({ root, location: '/static/', map, work: join(work, 'nginx') })
  })
  afterAll(() => nginx?.stop())

  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(nginx.origin, `/static/${path}`, { headers, method })

  it('sends hashed files immutable and precompressed, with Vary, nosniff and a charset', async () => {
    const [css] = Object.entries(manifest.files).find(([path, file]) => path.endsWith('.css') && file.encodings?.includes('gzip') && file.encodings.includes('br'))!
    const bytes = readFileSync(join(root, css))
    const gzip = await get(css, { 'Accept-Encoding': 'gzip' })
    expect(gzip.status).toBe(200)
    expect(gzip.headers).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      'content-encoding': 'gzip',
      'content-type': 'text/css; charset=utf-8',
      'x-content-type-options': 'nosniff',
      vary: 'Accept-Encoding',
    })
    expect(gunzipSync(gzip.body).equals(bytes)).toBe(true)
    if (hasBrotliStatic) {
      const br = await get(css, { 'Accept-Encoding': 'gzip, br' })
      expect(br.headers['content-encoding']).toBe('br')
      expect(brotliDecompressSync(br.body).equals(bytes)).toBe(true)
    }
    const plain = await get(css)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(bytes)).toBe(true)
  })

  it('gives unhashed files the short cache and misses no-cache', async () => {
    expect((await get('robots.txt')).headers['cache-control']).toBe('public, max-age=60')
    for (const path of ['nope.css', 'assetmap.json', `.assetmap/releases/${manifest.release}.json`]) {
      const miss = await get(path)
      expect(miss.status, path).toBe(404)
      expect(miss.headers['cache-control'], path).toBe('no-cache')
    }
  })

  it('revalidates, serves ranges and refuses other methods', async () => {
    const js = manifest.entries['src/main.ts']!.js[0]!
    const first = await get(js)
    expect((await get(js, { 'If-None-Match': first.headers.etag! })).status).toBe(304)
    const range = await get(js, { Range: 'bytes=0-9' })
    expect(range.status).toBe(206)
    expect(range.body.equals(first.body.subarray(0, 10))).toBe(true)
    expect((await get(js, { 'Content-Length': '0' }, 'POST')).status).toBe(405)
  })

  it('maps every file of the manifest, and only those, to the immutable policy', () => {
    const map = nginxCommand({ dir: root, location: '/static/' })
    const immutable = [...map.matchAll(/^ {4}"([^"]+)" "public, max-age=31536000, immutable";$/gm)].map((match) => match[1])
    expect(immutable).toEqual(Object.keys(manifest.files).map((path) => `/static/${path}`).sort())
  })
})
