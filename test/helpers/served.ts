import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import { join } from 'node:path'
import { buildCommand, compressCommand } from '@assetmap/cli'
import { afterAll, beforeAll } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { serveAssets, type ServeOptions } from '@assetmap/serve'
import { fixture, outputDir } from './paths.ts'
import { close, listen } from './servers.ts'

/** The `served` fixture built, then compressed (br, gzip) in place, plus a 3 MiB unhashed file that is too big for the memory cache. */
export interface ServedBuild {
  out: string
  assets: Assets
  /** Output path of a logical name. */
  path(name: string): string
  large: Buffer
}

export async function buildServed(label: string): Promise<ServedBuild> {
  const out = await outputDir(label)
  await buildCommand({ dirs: [fixture('served')], out, onWarning: () => {} })
  // Compressed afterwards, over the whole folder, so the unhashed originals get variants too.
  await compressCommand({ dir: out, encodings: ['br', 'gzip'] })
  mkdirSync(join(out, 'media'))
  const large = randomBytes(3 * 1024 * 1024)
  writeFileSync(join(out, 'media/large.bin'), large)
  const assets = createAssets({ manifest: join(out, 'assetmap.json'), baseUrl: '/static/' })
  return { out, assets, path: (name) => assets.url(name).slice('/static/'.length), large }
}

/** A real node:http server on 127.0.0.1 running the handler under `/static/`. */
export async function startServe(assets: Assets, options: ServeOptions = {}): Promise<{ origin: string; server: Server; stop(): Promise<void> }> {
  const handler = serveAssets(assets, { prefix: '/static/', onWarning: () => {}, ...options })
  const { origin, server } = await listen(createServer((req, res) => handler(req, res)))
  return { origin, server, stop: () => close(server) }
}

/** A response read off the socket as sent: status, lower-cased headers, raw body. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/**
 * Sends a request line exactly as given (no client-side normalisation of `..`, `%2e` or
 * backslashes) on a fresh connection and reads the response until the server closes it.
 */
export function rawRequest(origin: string, target: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    const chunks: Buffer[] = []
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const raw = Buffer.concat(chunks)
      const split = raw.indexOf('\r\n\r\n')
      const head = raw.subarray(0, split).toString('latin1').split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim()
      }
      resolve({ status: Number(head[0]!.split(' ')[1]), headers, body: raw.subarray(split + 4) })
    })
    const extra = Object.entries(options.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('')
    socket.write(Buffer.from(`${options.method ?? 'GET'} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`, 'latin1'))
  })
}

/**
 * One describe block's served build and server: built and started in `beforeAll`, stopped in
 * `afterAll`. Read `build` and `server` inside tests and later hooks.
 */
export function servedSuite(label: string): { build: ServedBuild; server: Awaited<ReturnType<typeof startServe>> } {
  const suite = {} as { build: ServedBuild; server: Awaited<ReturnType<typeof startServe>> }
  beforeAll(async () => {
    suite.build = await buildServed(label)
    suite.server = await startServe(suite.build.assets)
  })
  afterAll(() => suite.server?.stop())
  return suite
}
