import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from '../helpers/served.ts'

describe('serveAssets: methods', () => {
  const suite = servedSuite('serve-methods')


  it('answers HEAD with the same head as GET and no body', async () => {
    const target = `/static/${suite.build.path('css/app.css')}`
    const get = await rawRequest(suite.server.origin, target, { headers: { 'Accept-Encoding': 'br' } })
    const head = await rawRequest(suite.server.origin, target, { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } })
    expect(head.status).toBe(200)
    expect(head.body.byteLength).toBe(0)
    const { date: _getDate, ...getHeaders } = get.headers
    const { date: _headDate, ...headHeaders } = head.headers
    expect(headHeaders).toEqual(getHeaders)
    expect(Number(head.headers['content-length'])).toBe(get.body.byteLength)
  })

  it('streams HEAD of a large file without reading it', async () => {
    const head = await rawRequest(suite.server.origin, '/static/media/large.bin', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers['content-length'])).toBe(suite.build.large.byteLength)
    expect(head.body.byteLength).toBe(0)
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and Allow: GET, HEAD, on files and misses alike', async (method) => {
    for (const target of [`/static/${suite.build.path('css/app.css')}`, '/static/nope.css']) {
      const response = await rawRequest(suite.server.origin, target, { method, headers: { 'Content-Length': '0' } })
      expect(response.status, target).toBe(405)
      expect(response.headers.allow, target).toBe('GET, HEAD')
    }
  })

  it('leaves the file untouched after a PUT or DELETE', async () => {
    const path = join(suite.build.out, suite.build.path('css/app.css'))
    const before = readFileSync(path)
    await rawRequest(suite.server.origin, `/static/${suite.build.path('css/app.css')}`, { method: 'DELETE' })
    expect(readFileSync(path).equals(before)).toBe(true)
  })
})
