import express from 'express'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fastifyAssets, serveAssets } from '@assetmap/serve'
import { buildServed, rawRequest, type ServedBuild } from '../helpers/served.ts'
import { close, listen } from '../helpers/servers.ts'

describe('serveAssets wired into frameworks', () => {
  let build: ServedBuild

  beforeAll(async () => {
    build = await buildServed('serve-frameworks')
  })

  describe('Express: app.use("/static", serveAssets(assets))', () => {
    let origin: string
    let server: Awaited<ReturnType<typeof listen>>['server']

    beforeAll(async () => {
      const app = express()
      app.use('/static', serveAssets(build.assets, { onWarning: () => {} }))
      app.use('/fallthrough', serveAssets(build.assets, { fallthrough: true, onWarning: () => {} }))
      app.all('/fallthrough/{*rest}', (req, res) => {
        res.status(299).send(`app handled ${req.method} ${req.originalUrl}`)
      })
      app.get('/page', (_req, res) => {
        res.send(`<link rel="stylesheet" href="${build.assets.url('css/app.css')}">`)
      })
      ;({ origin, server } = await listen(app))
    })
    afterAll(() => close(server))

    it('serves the URLs the runtime renders, with the policy headers', async () => {
      const page = await (await fetch(`${origin}/page`)).text()
      const href = /href="([^"]+)"/.exec(page)![1]!
      const response = await rawRequest(origin, href, { headers: { 'Accept-Encoding': 'br' } })
      expect(response.status).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(response.headers['content-encoding']).toBe('br')
    })

    it('answers misses and other methods itself by default, and hands them to the app with fallthrough', async () => {
      const miss = await rawRequest(origin, '/static/nope.css')
      expect(miss.status).toBe(404)
      expect(miss.headers['cache-control']).toBe('no-cache')
      expect((await rawRequest(origin, '/static/robots.txt', { method: 'POST', headers: { 'Content-Length': '0' } })).status).toBe(405)
      const handled = await rawRequest(origin, '/fallthrough/nope.css')
      expect(handled.status).toBe(299)
      expect(handled.body.toString()).toBe('app handled GET /fallthrough/nope.css')
      expect((await rawRequest(origin, '/fallthrough/robots.txt', { method: 'POST', headers: { 'Content-Length': '0' } })).status).toBe(299)
      expect((await rawRequest(origin, '/fallthrough/robots.txt')).status).toBe(200)
    })
  })

  describe('Fastify: fastify.register(fastifyAssets, { assets, prefix: "/static" })', () => {
    const app = Fastify()
    let origin: string

    beforeAll(async () => {
      await app.register(fastifyAssets, { assets: build.assets, prefix: '/static', onWarning: () => {} })
      app.get('/health', async () => 'ok')
      origin = await app.listen({ port: 0, host: '127.0.0.1' })
    })
    afterAll(() => app.close())

    it('serves, negotiates, revalidates and refuses other methods', async () => {
      const path = `/static/${build.path('css/app.css')}`
      const response = await rawRequest(origin, path, { headers: { 'Accept-Encoding': 'gzip' } })
      expect(response.status).toBe(200)
      expect(response.headers['content-encoding']).toBe('gzip')
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect((await rawRequest(origin, path, { headers: { 'If-None-Match': response.headers.etag! } })).status).toBe(304)
      const head = await rawRequest(origin, path, { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(head.body.byteLength).toBe(0)
      expect((await rawRequest(origin, path, { method: 'DELETE' })).status).toBe(405)
      const miss = await rawRequest(origin, '/static/nope.css')
      expect(miss.status).toBe(404)
      expect(miss.headers['cache-control']).toBe('no-cache')
      expect((await rawRequest(origin, '/static/%2e%2e/package.json')).status).toBe(404)
      expect((await fetch(`${origin}/health`)).status).toBe(200)
    })
  })
})
