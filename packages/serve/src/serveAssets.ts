import type { IncomingMessage, ServerResponse } from 'node:http'
import { AssetmapError, loadReleaseManifests, type Assets } from '@assetmap/runtime'
import { negotiateEncoding } from './acceptEncoding.ts'
import { byteRange } from './byteRange.ts'
import { ifRangeMatches, isNotModified } from './conditional.ts'
import { buildFileTable, type FileTable, type ServedFile, type TableSettings } from './fileTable.ts'
import { requestPath } from './requestPath.ts'
import { sendBody, type MemoryCache } from './sendBody.ts'
import type { AssetsHandler, ServeOptions } from './types.ts'

const DEFAULT_MEMORY_CACHE = 64 * 1024 * 1024
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable' }

/** A short plain-text answer that no cache keeps (a CDN must not remember a miss during a deploy). */
function sendError(res: ServerResponse, status: number, extra?: Record<string, string>): void {
  const body = `${STATUS_TEXT[status]}\n`
  res
    .writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    })
    .end(body)
}

function normalizePrefix(prefix: string): string {
  if (!prefix.startsWith('/')) {
    throw new AssetmapError('INVALID_OPTION', `serveAssets: prefix ${JSON.stringify(prefix)} must be a URL path starting with "/", such as "/static/".`, { value: prefix })
  }
  return prefix.endsWith('/') ? prefix : `${prefix}/`
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: ServedFile, head: boolean, cache: MemoryCache): void {
  const rangeHeader = req.headers.range
  // Ranges are served from the identity file only: offsets into a compressed variant mean nothing to the client.
  const coding = rangeHeader === undefined ? negotiateEncoding(req.headers['accept-encoding'], file.codings) : 'identity'
  if (coding === undefined) return sendError(res, 406, file.vary ? { Vary: 'Accept-Encoding' } : undefined)
  const rep = coding === 'identity' ? file.identity : file.variants.get(coding)!
  if (isNotModified(req.headers, file.tags, file.mtimeSeconds)) {
    res.writeHead(304, rep.notModified).end()
    return
  }
  const missing = (response: ServerResponse): void => sendError(response, 404)
  if (rangeHeader !== undefined && ifRangeMatches(req.headers['if-range'] as string | undefined, rep.etag, file.mtimeSeconds)) {
    const range = byteRange(rangeHeader, rep.size)
    if (range === 'unsatisfiable') return sendError(res, 416, { 'Content-Range': `bytes */${rep.size}` })
    if (range !== 'ignore') {
      const headers = { ...rep.headers, 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${rep.size}` }
      return sendBody(res, head, 206, headers, rep, range, cache, missing)
    }
  }
  sendBody(res, head, 200, rep.headers, rep, undefined, cache, missing)
}

/**
 * Serves a build's output dir in production, to the serving policy of docs/serving.md: files the manifest
 * names are immutable with an ETag from their hash, others get a short cache; precompressed
 * variants by `Accept-Encoding`; conditional requests and single byte ranges; GET and HEAD only.
 * The file table is built once (and again when `assets.reload()` brings a new manifest); a URL
 * is only ever looked up in it, so no path outside the root can be opened.
 *
 * ```js
 * app.use('/static', serveAssets(assets))                              // Express, Connect
 * http.createServer(serveAssets(assets, { prefix: '/static/' }))      // node:http
 * ```
 */
export function serveAssets(assets: Assets, options: ServeOptions = {}): AssetsHandler {
  const root = options.root ?? assets.outDir
  if (root === undefined) {
    throw new AssetmapError('INVALID_OPTION', 'serveAssets: pass `root` (the build output dir) when the manifest was given to createAssets as an object.', { value: undefined })
  }
  const prefix = normalizePrefix(options.prefix ?? '/')
  const settings: TableSettings = {
    cacheControl: options.cacheControl ?? 'public, max-age=60',
    allowOrigin: options.cors === true ? '*' : typeof options.cors === 'string' ? options.cors : undefined,
    compression: options.compression ?? true,
    onWarning: options.onWarning ?? ((message) => console.warn(`[assetmap] ${message}`)),
  }
  const memoryLimit = options.memoryCache ?? DEFAULT_MEMORY_CACHE
  const load = (): { table: FileTable; cache: MemoryCache } => ({
    table: buildFileTable(assets.manifest, root, settings, loadReleaseManifests(root, (message) => settings.onWarning(`${message} Its files get the short cache.`)).filter((release) => release.release !== assets.manifest.release)),
    cache: { remaining: memoryLimit },
  })
  let state = load()
  const fallthrough = options.fallthrough === true

  return function serve(req, res, next) {
    // A reload swaps the manifest object; the table follows on the next request.
    if (assets.manifest !== state.table.manifest) state = load()
    const target = requestPath(req.url ?? '/', prefix)
    if (target === 'outside') return next ? next() : sendError(res, 404)
    const head = req.method === 'HEAD'
    if (!head && req.method !== 'GET') return fallthrough && next ? next() : sendError(res, 405, { Allow: 'GET, HEAD' })
    if (target === 'bad-request') return sendError(res, 400)
    const file = state.table.files.get(target.path)
    if (file === undefined) return fallthrough && next ? next() : sendError(res, 404)
    serveFile(req, res, file, head, state.cache)
  }
}
