import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from '../helpers/served.ts'

describe('serveAssets: byte ranges', () => {
  const suite = servedSuite('serve-ranges')
  let path: string
  let bytes: Buffer

  beforeAll(async () => {
    path = suite.build.path('css/app.css')
    bytes = readFileSync(join(suite.build.out, path))
  })

  const request = (headers: Record<string, string>, target = `/static/${path}`, method = 'GET') => rawRequest(suite.server.origin, target, { headers, method })

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, -1],
    ['bytes=-50', -50, -1],
    ['bytes=10-999999', 10, -1],
    ['bytes= 5 - 9', 5, 9],
  ])('%s → 206 with exactly those bytes from the identity file, even when br is accepted', async (range, from, to) => {
    const response = await request({ Range: range, 'Accept-Encoding': 'br, gzip' })
    const start = from < 0 ? bytes.byteLength + from : from
    const end = to < 0 ? bytes.byteLength - 1 : to
    expect(response.status).toBe(206)
    expect(response.headers['content-encoding']).toBeUndefined()
    expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.byteLength}`)
    expect(Number(response.headers['content-length'])).toBe(end - start + 1)
    expect(response.body.equals(bytes.subarray(start, end + 1))).toBe(true)
    expect(response.headers.vary).toBe('Accept-Encoding')
  })

  it.each(['bytes=999999-', 'bytes=-0'])('%s → 416 with Content-Range: bytes */size', async (range) => {
    const response = await request({ Range: range })
    expect(response.status).toBe(416)
    expect(response.headers['content-range']).toBe(`bytes */${bytes.byteLength}`)
  })

  it.each(['bytes=0-1,5-6', 'bytes=abc', 'items=0-1', 'bytes=9-3', 'bytes=-'])('ignores %s and sends the whole file', async (range) => {
    const response = await request({ Range: range, 'Accept-Encoding': 'identity' })
    expect(response.status).toBe(200)
    expect(response.body.equals(bytes)).toBe(true)
  })

  it('honours If-Range only while it names the current file', async () => {
    const { etag, 'last-modified': lastModified } = (await request({ 'Accept-Encoding': 'identity' })).headers
    expect((await request({ Range: 'bytes=0-9', 'If-Range': etag! })).status).toBe(206)
    const stale = await request({ Range: 'bytes=0-9', 'If-Range': '"stale"', 'Accept-Encoding': 'identity' })
    expect(stale.status).toBe(200)
    expect(stale.body.equals(bytes)).toBe(true)
    expect((await request({ Range: 'bytes=0-9', 'If-Range': lastModified! })).status).toBe(206)
    expect((await request({ Range: 'bytes=0-9', 'If-Range': 'Thu, 01 Jan 1970 00:00:00 GMT', 'Accept-Encoding': 'identity' })).status).toBe(200)
  })

  it('streams a range out of the middle of a large file', async () => {
    const start = 1_000_000
    const end = 2_500_000
    const response = await request({ Range: `bytes=${start}-${end}` }, '/static/media/large.bin')
    expect(response.status).toBe(206)
    expect(response.body.equals(suite.build.large.subarray(start, end + 1))).toBe(true)
  })

  it('answers HEAD with a range with the 206 head and no body', async () => {
    const response = await request({ Range: 'bytes=0-9' }, `/static/${path}`, 'HEAD')
    expect(response.status).toBe(206)
    expect(response.headers['content-length']).toBe('10')
    expect(response.body.byteLength).toBe(0)
  })
})
