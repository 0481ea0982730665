import { statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from './helpers/served.ts'

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

  it('revalidates unhashed files by their weak ETag', async () => {
    const first = await request({}, '/static/robots.txt')
    expect(first.headers.etag).toMatch(/^W\//)
    expect((await request({ 'If-None-Match': first.headers.etag! }, '/static/robots.txt')).status).toBe(304)
  })
})
