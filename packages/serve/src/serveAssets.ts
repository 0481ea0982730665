import type { IncomingMessage, ServerResponse } from 'node:http'
import { AssetmapError, type Assets } from '@assetmap/runtime'
import { CACHE_CONTROL } from '@assetmap/runtime/internal'
import type { TableSettings } from './fileTable.ts'
import { liveTable, type ServedTable } from './liveTable.ts'
import { requestPath } from './requestPath.ts'
import { sendError } from './sendError.ts'
import { serveFile } from './serveFile.ts'
import type { AssetsHandler, ServeOptions } from './types.ts'

const DEFAULT_MEMORY_CACHE = 64 * 1024 * 1024

function normalizePrefix(prefix: string): string {
  if (!prefix.startsWith('/')) {
    throw new AssetmapError('INVALID_OPTION', `serveAssets: prefix ${JSON.stringify(prefix)} must be a URL path starting with "/", such as "/static/".`, { value: prefix })
  }
  return prefix.endsWith('/') ? prefix : `${prefix}/`
}

/**
 * Serves a build's output dir in production, to the serving policy of docs/serving.md: files the manifest
 * names are immutable with an ETag from their hash, others get a short cache; precompressed
 * variants by `Accept-Encoding`; conditional requests and single byte ranges; GET and HEAD only.
 *
 * A URL is only ever looked up in a file table, never joined onto the folder. The table is built
 * in the background when the handler is made, and again after `assets.reload()` brings a new
 * manifest; until a new table is whole, the previous one answers (a name only the new manifest
 * knows waits for it). Each file is opened without following a link and sent as its open
 * descriptor describes it, so a file changed, replaced or swapped for a link after the table was
 * built is sent whole and correct, or is a 404; never bytes from outside the root.
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
    cacheControl: options.cacheControl ?? CACHE_CONTROL.other,
    allowOrigin: options.cors === false ? undefined : typeof options.cors === 'string' ? options.cors : '*',
    compression: options.compression ?? true,
    onWarning: options.onWarning ?? ((message) => console.warn(`[assetmap] ${message}`)),
  }
  const live = liveTable(assets, root, settings, options.memoryCache ?? DEFAULT_MEMORY_CACHE)
  const fallthrough = options.fallthrough === true

  const answer = (req: IncomingMessage, res: ServerResponse, next: ((error?: unknown) => void) | undefined, path: string, served: ServedTable | undefined, head: boolean): void => {
    const miss = (): void => (fallthrough && next ? next() : sendError(res, 404))
    const file = served?.table.files.get(path)
    if (file === undefined) return miss()
    serveFile(req, res, file, head, served!.cache, settings).then((sent) => sent || miss(), () => {
      // Not a vanished file (that is a 404 already): a read error. Never let it escape the handler.
      if (res.headersSent) res.destroy()
      else sendError(res, 500)
    })
  }

  return function serve(req, res, next) {
    const target = requestPath(req.url ?? '/', prefix)
    if (target === 'outside') return next ? next() : sendError(res, 404)
    const head = req.method === 'HEAD'
    if (!head && req.method !== 'GET') return fallthrough && next ? next() : sendError(res, 405, { Allow: 'GET, HEAD' })
    if (target === 'bad-request') return sendError(res, 400)
    // A reload swaps the manifest object; the table follows, built beside the requests.
    const building = live.refresh()
    const served = live.current
    // A name the table does not know may be one the table being built will: a page rendered
    // with the new manifest asks for its files at once. Only such misses wait for it.
    if (building !== undefined && !served?.table.files.has(target.path)) {
      building.then(() => answer(req, res, next, target.path, live.current, head))
      return
    }
    answer(req, res, next, target.path, served, head)
  }
}
