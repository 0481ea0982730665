import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import express from 'express'
import Fastify from 'fastify'
import nunjucks from 'nunjucks'
import { assetLocals, createAssets, sendEarlyHints, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { fastifyAssets, serveAssets } from '@assetmap/serve'
import { hintsApp } from './hintsApp.ts'
import { outputDir } from './paths.ts'
import { close } from './servers.ts'

/** How long each page's render waits (a template waiting on a database) after the hints went out. */
export const RENDER_WAIT_MS = 300
/** The base `?cdn=1` pages use: a CDN chosen per request. */
export const CDN_BASE = 'https://cdn.example.com/static/'

/** What the server saw, in order: `103`, `GET /static/…` as each file request arrives, `200` when the page goes out. */
export type ServerEvents = string[]

/** An app of test/fixtures/hints-app on 127.0.0.1. */
export interface HintsServer {
  origin: string
  events: ServerEvents
  /** Requests for `paths` in flight now, and the most there were at once. */
  inFlight: { now: number; max: number; paths: Set<string>; delayMs: number }
  assets: Assets
  close(): Promise<void>
}

/** A self-signed certificate for 127.0.0.1, made with `openssl req`, and its SPKI hash for Chromium's `--ignore-certificate-errors-spki-list`. */
export async function selfSignedCertificate(): Promise<{ key: Buffer; cert: Buffer; spki: string }> {
  const dir = await outputDir('hints-cert')
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1'], { stdio: 'pipe' })
  const publicKey = execFileSync('openssl', ['x509', '-in', cert, '-pubkey', '-noout'])
  const der = execFileSync('openssl', ['pkey', '-pubin', '-outform', 'der'], { input: publicKey })
  const spki = execFileSync('openssl', ['dgst', '-sha256', '-binary'], { input: der }).toString('base64')
  return { key: readFileSync(key), cert: readFileSync(cert), spki }
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function tracker(events: ServerEvents): HintsServer['inFlight'] & { track(url: string, done: Promise<void>): Promise<void> } {
  const state = {
    now: 0,
    max: 0,
    paths: new Set<string>(),
    delayMs: 0,
    // A watched file is held back `delayMs`, so that prefetches overlap and the limit shows.
    async track(url: string, done: Promise<void>): Promise<void> {
      events.push(`GET ${url}`)
      const path = url.replace(/^\/static\//, '').replace(/\?.*$/, '')
      if (!state.paths.has(path)) return
      state.now++
      state.max = Math.max(state.max, state.now)
      void done.then(() => state.now--)
      await wait(state.delayMs)
    },
  }
  return state
}

function finished(res: { once(event: 'close', listener: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => res.once('close', () => resolve()))
}

/** What a page renders with: `?fonts=1` preloads fonts, `?prefetch=N` prefetches lazy chunks N at a time. */
function pageOptions(query: URLSearchParams): { fonts: boolean; prefetch: number | undefined } {
  return { fonts: query.has('fonts'), prefetch: query.has('prefetch') ? Number(query.get('prefetch')) : undefined }
}

/** Express on node:http: `assetLocals` gives each response its page scope (`?cdn=1`: on `CDN_BASE`), the route sends hints, waits, then renders. */
export async function startExpressHints(outDir: string): Promise<HintsServer> {
  const events: ServerEvents = []
  const inFlight = tracker(events)
  const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: '/static/' })
  const app = express()
  addAssetmap(nunjucks.configure(join(hintsApp, 'views'), { autoescape: true, express: app }), assets)
  app.use('/static', (req, res, next) => void inFlight.track(req.originalUrl, finished(res)).then(() => next()), serveAssets(assets))
  app.use(assetLocals(assets, { baseUrl: (req) => ((req as express.Request).query.cdn ? CDN_BASE : undefined) }))
  app.get('/favicon.ico', (_req, res) => void res.status(204).end())
  app.get('/page', async (req, res) => {
    const options = pageOptions(new URLSearchParams(req.url.split('?')[1]))
    if (sendEarlyHints(res, (res.locals.assets as Assets).hints('src/main.js', { fonts: options.fonts }))) events.push('103')
    await wait(RENDER_WAIT_MS)
    events.push('200')
    res.render('page.njk', options)
  })
  const server = await new Promise<Server>((resolve) => {
    const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s))
  })
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events, inFlight, assets, close: () => close(server) }
}

/** Fastify, over HTTP/1.1, or over HTTP/2 with TLS (HTTP/1.1 allowed) when given a certificate. */
export async function startFastifyHints(outDir: string, tls?: { key: Buffer; cert: Buffer }): Promise<HintsServer> {
  const events: ServerEvents = []
  const inFlight = tracker(events)
  const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: '/static/' })
  const env = addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(hintsApp, 'views')), { autoescape: true }), assets)
  const app = (tls ? Fastify({ http2: true, https: { allowHTTP1: true, key: tls.key, cert: tls.cert } }) : Fastify()) as unknown as ReturnType<typeof Fastify>
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/static/')) await inFlight.track(request.url, finished(reply.raw))
  })
  await app.register(fastifyAssets, { assets, prefix: '/static' })
  app.get('/favicon.ico', (_request, reply) => reply.code(204).send())
  app.get('/page', async (request, reply) => {
    const query = new URLSearchParams(request.url.split('?')[1])
    const page = (query.has('cdn') ? assets.withBase(CDN_BASE) : assets).page()
    const options = pageOptions(query)
    if (sendEarlyHints(reply, page.hints('src/main.js', { fonts: options.fonts }))) events.push('103')
    await wait(RENDER_WAIT_MS)
    events.push('200')
    return reply.type('text/html; charset=utf-8').send(env.render('page.njk', { assets: page, ...options }))
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port
  return { origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, events, inFlight, assets, close: () => app.close() }
}
