import { statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from '../helpers/served.ts'

describe('serveAssets: conditional requests', () => {
  const suite = servedSuite('serve-conditional')
  let path: string
  let etag: string
  let modified: Date

  beforeAll(async () => {
    path = suite.build.path('css/app.css')
    etag = (await rawRequest(suite.server.origin, `/static/${path}`)).headers.etag!
    modified = statSync(join(suite.build.out, path)).mtime
  })

  const request = (headers: Record<string, string>, target = `/static/${path}`) => rawRequest(suite.server.origin, target, { headers })

  it('answers a matching If-None-Match with 304, no body, and the caching headers (Vary included)', async () => {
    const response = await request({ 'If-None-Match': etag, 'Accept-Encoding': 'identity' })
    expect(response.status).toBe(304)
    expect(response.body.byteLength).toBe(0)
    expect(response.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=31536000, immutable', vary: 'Accept-Encoding' })
    expect(response.headers['content-length']).toBeUndefined()
  })

  it.each([
    ['the weak form', (tag: string) => `W/${tag}`],
    ['one of a list', (tag: string) => `"other", ${tag}`],
    ['a star', () => '*'],
    ['the brotli variant’s tag on a gzip request', (tag: string) => `${tag.slice(0, -1)}-br"`],
  ])('matches %s', async (_, make) => {
    expect((await request({ 'If-None-Match': make(etag), 'Accept-Encoding': 'gzip' })).status).toBe(304)
  })

  it('sends the file for a tag that does not match', async () => {
    const response = await request({ 'If-None-Match': '"nope"', 'Accept-Encoding': 'identity' })
    expect(response.status).toBe(200)
    expect(response.body.byteLength).toBeGreaterThan(0)
  })

  it('uses If-Modified-Since only without If-None-Match', async () => {
    const later = new Date(modified.getTime() + 60_000).toUTCString()
    const earlier = new Date(modified.getTime() - 60_000).toUTCString()
    expect((await request({ 'If-Modified-Since': modified.toUTCString() })).status).toBe(304)
    expect((await request({ 'If-Modified-Since': later })).status).toBe(304)
    expect((await request({ 'If-Modified-Since': earlier })).status).toBe(200)
    expect((await request({ 'If-Modified-Since': 'not a date' })).status).toBe(200)
    expect((await request({ 'If-None-Match': '"nope"', 'If-Modified-Since': later })).status).toBe(200)
  })

  it('ignores an If-Modified-Since that is not an HTTP-date (RFC 9110 §13.1.3), and accepts the three HTTP-date forms', async () => {
    for (const value of ['99999', '0', 'Sat, 01 Jan 10000 00:00:00 GMT', '+010000-01-01T00:00:00.000Z', '2999-01-01', 'Tue, 31 Feb 2099 00:00:00 GMT', 'Fri, 01 Jan 2099 25:00:00 GMT', `${new Date(modified.getTime() + 60_000).toUTCString()} junk`]) {
      expect((await request({ 'If-Modified-Since': value })).status, value).toBe(200)
    }
    const later = new Date(modified.getTime() + 60_000)
    const [weekday, day, month, year, time] = later.toUTCString().replace(',', '').split(' ') as [string, string, string, string, string]
    const long = { Sun: 'Sunday', Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday' }[weekday]!
    for (const value of [later.toUTCString(), `${long}, ${day}-${month}-${year.slice(2)} ${time} GMT`, `${weekday} ${month} ${day.replace(/^0/, ' ')} ${time} ${year}`]) {
      expect((await request({ 'If-Modified-Since': value })).status, value).toBe(304)
    }
  })

  it('treats only a bare * as the If-None-Match wildcard, not the quoted tag "*"', async () => {
    expect((await request({ 'If-None-Match': '"*"', 'Accept-Encoding': 'identity' })).status).toBe(200)
    expect((await request({ 'If-None-Match': '"nope", "*"', 'Accept-Encoding': 'identity' })).status).toBe(200)
    expect((await request({ 'If-None-Match': ' * ', 'Accept-Encoding': 'identity' })).status).toBe(304)
  })

  it('revalidates unhashed files by their weak ETag', async () => {
    const first = await request({}, '/static/robots.txt')
    expect(first.headers.etag).toMatch(/^W\//)
    expect((await request({ 'If-None-Match': first.headers.etag! }, '/static/robots.txt')).status).toBe(304)
  })
})
