import { statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from '../helpers/served.ts'

// RFC 9110 §13.1.1 If-Match, §13.1.4 If-Unmodified-Since, §13.1.5 If-Range, order of §13.2.2.
describe('serveAssets: preconditions (If-Match, If-Unmodified-Since, If-Range)', () => {
  const suite = servedSuite('serve-preconditions')
  let target: string
  let etag: string
  let lastModified: Date
  let size: number

  beforeAll(async () => {
    const path = suite.build.path('css/app.css')
    target = `/static/${path}`
    const first = await rawRequest(suite.server.origin, target, { headers: { 'Accept-Encoding': 'identity' } })
    etag = first.headers.etag!
    lastModified = new Date(first.headers['last-modified']!)
    size = statSync(join(suite.build.out, path)).size
  })

  const request = (headers: Record<string, string>, method = 'GET') => rawRequest(suite.server.origin, target, { method, headers: { 'Accept-Encoding': 'identity', ...headers } })

  it('answers If-Match naming no current tag with 412, even when If-None-Match matches', async () => {
    for (const headers of [{ 'If-Match': '"nope"' }, { 'If-Match': '"nope"', 'If-None-Match': etag }, { 'If-Match': `W/${etag}` }]) {
      const response = await request(headers)
      expect(response.status, JSON.stringify(headers)).toBe(412)
      expect(response.headers['cache-control'], JSON.stringify(headers)).toBe('no-cache')
    }
    expect((await request({ 'If-Match': '"nope"' }, 'HEAD')).status).toBe(412)
  })

  it('lets If-Match with the current tag, one of a list or *, go on to If-None-Match', async () => {
    expect((await request({ 'If-Match': etag })).status).toBe(200)
    expect((await request({ 'If-Match': `"nope", ${etag}` })).status).toBe(200)
    expect((await request({ 'If-Match': '*' })).status).toBe(200)
    expect((await request({ 'If-Match': etag, 'If-None-Match': etag })).status).toBe(304)
  })

  it('answers If-Unmodified-Since earlier than Last-Modified with 412, and ignores it when If-Match is present', async () => {
    const earlier = new Date(lastModified.getTime() - 60_000).toUTCString()
    expect((await request({ 'If-Unmodified-Since': earlier })).status).toBe(412)
    expect((await request({ 'If-Unmodified-Since': lastModified.toUTCString() })).status).toBe(200)
    expect((await request({ 'If-Unmodified-Since': 'not a date' })).status).toBe(200)
    expect((await request({ 'If-Match': etag, 'If-Unmodified-Since': earlier })).status).toBe(200)
  })

  it('honours a dated If-Range only when it equals Last-Modified exactly', async () => {
    const exact = await request({ Range: 'bytes=0-9', 'If-Range': lastModified.toUTCString() })
    expect(exact.status).toBe(206)
    expect(exact.body.byteLength).toBe(10)
    for (const offset of [60_000, -60_000]) {
      const other = await request({ Range: 'bytes=0-9', 'If-Range': new Date(lastModified.getTime() + offset).toUTCString() })
      expect(other.status, `${offset}`).toBe(200)
      expect(other.body.byteLength, `${offset}`).toBe(size)
    }
  })
})
