import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { negotiateEncoding } from '@assetmap/serve/internal'
import { rawRequest, servedSuite, startServe } from '../helpers/served.ts'

describe('negotiateEncoding: Accept-Encoding q-values', () => {
  const both = ['br', 'gzip']
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, gzip', 'gzip'],
    ['*;q=0, gzip;q=0.1', 'gzip'],
    ['identity', 'identity'],
    ['gzip;q=0.5, identity', 'identity'],
    ['br;q=0.5, identity;q=0.5', 'br'],
    ['identity;q=0', undefined],
    ['*;q=0', undefined],
    ['*;q=0, identity;q=0.1', 'identity'],
    ['deflate', 'identity'],
    ['br;q=abc, gzip;q=0.2, identity;q=0', 'gzip'],
    ['br;q=abc, gzip;q=0.2', 'gzip'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header, both)).toBe(expected)
  })

  it('prefers the server order on a tie and offers only what exists', () => {
    expect(negotiateEncoding('gzip, br', ['gzip'])).toBe('gzip')
    expect(negotiateEncoding('br', [])).toBe('identity')
    expect(negotiateEncoding('br, identity;q=0', [])).toBeUndefined()
  })
})

describe('serveAssets: precompressed variants over HTTP', () => {
  const suite = servedSuite('serve-negotiation')


  const request = (path: string, acceptEncoding?: string) =>
    rawRequest(suite.server.origin, `/static/${path}`, { headers: acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding } })

  it('sends the brotli variant, which decodes to the identity bytes, with Vary and its own ETag', async () => {
    const path = suite.build.path('css/app.css')
    const identity = readFileSync(join(suite.build.out, path))
    const br = await request(path, 'gzip, deflate, br')
    expect(br.status).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('Accept-Encoding')
    expect(Number(br.headers['content-length'])).toBe(br.body.byteLength)
    expect(br.body.byteLength).toBeLessThan(identity.byteLength * 0.95)
    expect(brotliDecompressSync(br.body).equals(identity)).toBe(true)
    const gzip = await request(path, 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).equals(identity)).toBe(true)
    const plain = await request(path)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.vary).toBe('Accept-Encoding')
    expect(plain.body.equals(identity)).toBe(true)
    expect(new Set([br.headers.etag, gzip.headers.etag, plain.headers.etag]).size).toBe(3)
  })

  it('negotiates unhashed files too (their variants were written by the same build)', async () => {
    const response = await request('css/app.css', 'br')
    expect(response.headers['content-encoding']).toBe('br')
    expect(response.headers['cache-control']).toBe('public, max-age=60')
    expect(brotliDecompressSync(response.body).equals(readFileSync(join(suite.build.out, 'css/app.css')))).toBe(true)
  })

  it('sends no Vary for files that have no variant (PNG, a file too small to gain)', async () => {
    for (const path of [suite.build.path('img/dot.png'), suite.build.path('data/tiny.txt')]) {
      const response = await request(path, 'br, gzip')
      expect(response.status, path).toBe(200)
      expect(response.headers['content-encoding'], path).toBeUndefined()
      expect(response.headers.vary, path).toBeUndefined()
    }
  })

  it('answers 406 when the client refuses identity and every variant', async () => {
    const response = await request(suite.build.path('css/app.css'), 'identity;q=0, *;q=0')
    expect(response.status).toBe(406)
    expect(response.headers.vary).toBe('Accept-Encoding')
    expect(response.headers['cache-control']).toBe('no-cache')
  })

  it('never sends a variant as a download of its own', async () => {
    expect((await request(`${suite.build.path('css/app.css')}.br`)).status).toBe(404)
    expect((await request('css/app.css.gz')).status).toBe(404)
  })

  it('sends identity only, without Vary, when compression is off', async () => {
    const off = await startServe(suite.build.assets, { compression: false })
    try {
      const response = await rawRequest(off.origin, `/static/${suite.build.path('css/app.css')}`, { headers: { 'Accept-Encoding': 'br' } })
      expect(response.headers['content-encoding']).toBeUndefined()
      expect(response.headers.vary).toBeUndefined()
    } finally {
      await off.stop()
    }
  })
})
