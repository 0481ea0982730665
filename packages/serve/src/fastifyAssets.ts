import { METHODS, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Assets } from '@assetmap/runtime'
import { serveAssets } from './serveAssets.ts'
import type { ServeOptions } from './types.ts'

/** The raw request and response of a Fastify request, and the way to take the response over. */
type RouteHandler = (request: { raw: IncomingMessage }, reply: { raw: ServerResponse; hijack(): void }) => void

/** The part of a Fastify instance the plugin uses (Fastify itself is not a dependency). */
interface FastifyInstanceLike {
  /** Every method Fastify routes (Fastify 5). */
  readonly supportedMethods?: readonly string[]
  /** Makes Fastify route one more method (Fastify 5). */
  addHttpMethod?(method: string, options?: { hasBody?: boolean }): unknown
  route(route: { method: string[]; url: string; onRequest: (request: { raw: IncomingMessage; method: string }, reply: { raw: ServerResponse; hijack(): void }, done: () => void) => void; handler: RouteHandler }): unknown
}

/** Options of `fastifyAssets`: the assets to serve, Fastify's own `prefix`, and `serveAssets`' options. */
export interface FastifyAssetsOptions extends Omit<ServeOptions, 'prefix' | 'fallthrough'> {
  assets: Assets
  /** Where the files are served; Fastify applies it to the plugin's route. @default '/' */
  prefix?: string
}

// The methods Fastify 4 routes, for an instance that does not list its own.
const FASTIFY_4_METHODS = ['GET', 'HEAD', 'TRACE', 'DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'COPY', 'LOCK', 'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'REPORT', 'SEARCH', 'UNLOCK', 'MKCALENDAR']

/**
 * Every method Node parses (but CONNECT, which never reaches a request handler). Fastify 5 routes
 * only the common ones and answers the rest (PROPFIND, MKCOL…) with its own 404 before any route;
 * the plugin has it route them too, body-less, so they reach the plugin's 405. The app's other
 * routes do not list them, so there they are a 404 as before.
 */
function routedMethods(fastify: FastifyInstanceLike): string[] {
  if (fastify.supportedMethods === undefined || fastify.addHttpMethod === undefined) return FASTIFY_4_METHODS
  const supported = new Set(fastify.supportedMethods)
  for (const method of METHODS) {
    if (method !== 'CONNECT' && !supported.has(method)) fastify.addHttpMethod(method, { hasBody: false })
  }
  return [...fastify.supportedMethods]
}

/**
 * Fastify plugin: `fastify.register(fastifyAssets, { assets, prefix: '/static' })`. The
 * request goes to the same handler as with node:http, on Fastify's raw request and response.
 * Every method Fastify routes reaches it, so any but GET and HEAD is a 405 with `Allow`, answered
 * before Fastify parses a body (a PROPFIND's XML would otherwise be a 415).
 */
export async function fastifyAssets(fastify: FastifyInstanceLike, options: FastifyAssetsOptions): Promise<void> {
  const { assets, prefix = '/', ...serveOptions } = options
  const serve = serveAssets(assets, { ...serveOptions, prefix })
  const handler: RouteHandler = (request, reply) => {
    reply.hijack()
    serve(request.raw, reply.raw)
  }
  fastify.route({
    method: routedMethods(fastify),
    url: '/*',
    onRequest(request, reply, done) {
      if (request.method === 'GET' || request.method === 'HEAD') done()
      else handler(request, reply)
    },
    handler,
  })
}
