import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastifyAssets } from '@assetmap/serve'
import { buildServed, rawRequest, type ServedBuild } from '../helpers/served.ts'

describe('fastifyAssets: methods other than GET and HEAD', () => {
  const app = Fastify()
  let build: ServedBuild
  let origin: string

  beforeAll(async () => {
    build = await buildServed('serve-fastify-methods')
    await app.register(fastifyAssets, { assets: build.assets, prefix: '/static', onWarning: () => {} })
    origin = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => app.close())

  it.each(['PROPFIND', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'PROPPATCH', 'SEARCH', 'TRACE', 'POST'])('answers %s with 405 and Allow: GET, HEAD, on files and misses alike', async (method) => {
    for (const target of [`/static/${build.path('css/app.css')}`, '/static/nope.css']) {
      const response = await rawRequest(origin, target, { method, headers: { 'Content-Type': 'application/xml', 'Content-Length': '0' } })
      expect(response.status, target).toBe(405)
      expect(response.headers.allow, target).toBe('GET, HEAD')
    }
  })
})
