import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildServed, rawRequest, startServe } from '../helpers/served.ts'

// Unhashed files have no hash in their name to change: their ETag and Last-Modified must.
describe('serveAssets: validators of files the manifest does not name', () => {
  it('sends no Last-Modified of 1970 and no size-and-mtime tag for a file whose mtime is 0', async () => {
    const build = await buildServed('serve-unhashed-epoch')
    writeFileSync(join(build.out, 'epoch.txt'), 'hello\n')
    utimesSync(join(build.out, 'epoch.txt'), 0, 0)
    const server = await startServe(build.assets)
    try {
      const response = await rawRequest(server.origin, '/static/epoch.txt')
      expect(response.status).toBe(200)
      expect(new Date(response.headers['last-modified']!).getUTCFullYear()).toBeGreaterThan(1970)
      expect(response.headers.etag).not.toBe('W/"6-0"')
      expect((await rawRequest(server.origin, '/static/epoch.txt', { headers: { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:01 GMT' } })).status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it.each([['with the memory cache, warmed', undefined], ['with memoryCache: 0', 0]])('gives a same-size rewrite with a pinned mtime new validators, never a 304 to the old ones (%s)', async (label, memoryCache) => {
    const build = await buildServed(`serve-unhashed-rewrite-${memoryCache ?? 'cache'}`)
    const file = join(build.out, 'robots.txt')
    const server = await startServe(build.assets, memoryCache === undefined ? {} : { memoryCache })
    try {
      const before = await rawRequest(server.origin, '/static/robots.txt', { headers: { 'Accept-Encoding': 'identity' } })
      expect(before.status, label).toBe(200)
      const { mtime } = statSync(file)
      // HTTP-dates have whole seconds: a rewrite within the second of the last write is told apart
      // by the ETag alone (which browsers send too, and which wins), so the rewrite comes a second later.
      const lastSecond = new Date(before.headers['last-modified']!).getTime()
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastSecond + 1100 - Date.now())))
      const rewritten = Buffer.from(readFileSync(file).toString('latin1').replace(/[a-z]/g, 'x'), 'latin1')
      expect(rewritten.byteLength).toBe(before.body.byteLength)
      writeFileSync(file, rewritten)
      utimesSync(file, mtime, mtime)
      for (const headers of [{ 'If-None-Match': before.headers.etag! }, { 'If-Modified-Since': before.headers['last-modified']! }, {}, { 'Accept-Encoding': 'br, gzip' }]) {
        const after = await rawRequest(server.origin, '/static/robots.txt', { headers })
        expect(after.status, JSON.stringify(headers)).toBe(200)
        expect(after.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined()
        expect(after.body.equals(rewritten), JSON.stringify(headers)).toBe(true)
        expect(after.headers.etag, JSON.stringify(headers)).not.toBe(before.headers.etag)
      }
      const { etag } = (await rawRequest(server.origin, '/static/robots.txt')).headers
      expect((await rawRequest(server.origin, '/static/robots.txt', { headers: { 'If-None-Match': etag! } })).status).toBe(304)
    } finally {
      await server.stop()
    }
  })
})
