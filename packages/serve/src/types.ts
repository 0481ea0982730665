import type { IncomingMessage, ServerResponse } from 'node:http'

/** Options of `serveAssets`. */
export interface ServeOptions {
  /**
   * Folder to serve: the build's output dir.
   * @default the folder of the manifest the assets were loaded from
   */
  root?: string
  /**
   * URL path the handler answers under, stripped before the lookup. Leave it at `/` when a
   * framework strips the mount path (`app.use('/static', serveAssets(assets))`); give the full
   * path for a plain `node:http` server (`'/static/'`).
   * @default '/'
   */
  prefix?: string
  /**
   * `Cache-Control` of files the manifest does not name (unhashed originals, `robots.txt`).
   * Files the manifest names always get `public, max-age=31536000, immutable`.
   * @default 'public, max-age=60'
   */
  cacheControl?: string
  /**
   * `Access-Control-Allow-Origin` on every file: `true` for `*`, one origin as a string, or
   * `false` for none. On by default, as WhiteNoise does: entry tags carry `integrity` and
   * `crossorigin`, so a page on another origin (the app, when these files are its CDN) can
   * load a stylesheet, module script or font only with it. The files are public and the tags
   * send no credentials, so `*` discloses nothing a plain request would not.
   * @default true
   */
  cors?: boolean | string
  /**
   * Send the precompressed variants the build wrote (`.br`, `.gz`, `.zst`) to clients that accept them.
   * @default true
   */
  compression?: boolean
  /**
   * Pass requests the handler does not serve (misses, other methods) to `next()` instead of
   * answering 404 or 405.
   * @default false
   */
  fallthrough?: boolean
  /**
   * Bytes of file content kept in memory after a first request, so hot files are sent without
   * reading the disk: one lstat per request checks the file is still the one the bytes came
   * from (deleted, replaced or swapped for a link, it is read again or is a 404). Files over
   * 1 MiB are always streamed. 0 turns the cache off.
   * @default 67108864 (64 MiB)
   */
  memoryCache?: number
  /** Receives the warnings of each file-table build (a manifest file missing on disk, a symlink leaving the root or pointing at a dotfile). @default console.warn */
  onWarning?: (message: string) => void
}

/** A request handler for `node:http`, Express and Connect. */
export type AssetsHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void
