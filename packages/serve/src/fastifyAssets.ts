import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Assets } from '@assetmap/runtime'
import { serveAssets } from './serveAssets.ts'
import type { ServeOptions } from './types.ts'

/** The part of a Fastify instance the plugin uses (Fastify itself is not a dependency). */
interface FastifyInstanceLike {
  route(route: {
    method: string[]
    url: string
    handler: (request: { raw: IncomingMessage }, reply: { raw: ServerResponse; hijack(): void }) => void
  }): unknown
}

/** Options of `fastifyAssets`: the assets to serve, Fastify's own `prefix`, and `serveAssets`' options. */
export interface FastifyAssetsOptions extends Omit<ServeOptions, 'prefix' | 'fallthrough'> {
  assets: Assets
  /** Where the files are served; Fastify applies it to the plugin's route. @default '/' */
  prefix?: string
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']

/**
 * Fastify plugin: `fastify.register(fastifyAssets, { assets, prefix: '/static' })`. The
 * request goes to the same handler as with node:http, on Fastify's raw request and response.
 */
export async function fastifyAssets(fastify: FastifyInstanceLike, options: FastifyAssetsOptions): Promise<void> {
  const { assets, prefix = '/', ...serveOptions } = options
  const serve = serveAssets(assets, { ...serveOptions, prefix })
  fastify.route({
    method: METHODS,
    url: '/*',
    handler(request, reply) {
      reply.hijack()
      serve(request.raw, reply.raw)
    },
  })
}
