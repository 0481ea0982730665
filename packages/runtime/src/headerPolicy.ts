/**
 * The HTTP header policy of assetmap, in one place: `@assetmap/serve`, `assetmap nginx`,
 * `assetmap publish` and the Vite dev server all send what this module says. It lives in the
 * runtime because every package already depends on it and it has no dependencies, so the
 * plugin and the CLI get the policy without importing the server.
 */

/** `Cache-Control` values, by what the response is. */
export const CACHE_CONTROL = {
  /** Files a manifest names: their name changes with their bytes (docs/design.md invariant 1), so they never need revalidating. */
  named: 'public, max-age=31536000, immutable',
  /** Files no manifest names (`robots.txt`, unhashed originals): briefly cached. `serveAssets({ cacheControl })` overrides it. */
  other: 'public, max-age=60',
  /** Manifests, 404s and everything the dev server sends: they change in place, so every use asks again. */
  revalidate: 'no-cache',
} as const

/** A table from file extension (or path) to MIME type, such as `lookup` of `mrmime`; `undefined` when unknown. */
export type MimeLookup = (extensionOrPath: string) => string | undefined

/**
 * Types the web needs that mrmime (the IANA subset of mime-db) lacks or gets wrong for a browser:
 * it has no `ico`, `eot` or `flac`, and calls `cjs` `application/node`, which a browser refuses
 * to run as a script.
 */
const WEB_TYPES: Record<string, string> = {
  cjs: 'text/javascript',
  ico: 'image/x-icon',
  eot: 'application/vnd.ms-fontobject',
  flac: 'audio/flac',
}

/** Text formats, sent with `charset=utf-8` so a browser never guesses the encoding. */
const TEXT = /^text\/|^application\/(?:json|manifest\+json|xml)$|^image\/svg\+xml$/

/**
 * The `Content-Type` of the file at `path`, by its extension: the type `lookup` gives (a
 * maintained table such as mrmime's, passed in so the runtime keeps no dependencies),
 * `charset=utf-8` on text formats, `application/octet-stream` when the type is unknown.
 */
export function contentTypeFor(path: string, lookup: MimeLookup): string {
  // Either separator: the dev server passes file-system paths, which use `\` on Windows.
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  const dot = name.lastIndexOf('.')
  const extension = dot === -1 ? '' : name.slice(dot + 1).toLowerCase()
  const type = WEB_TYPES[extension] ?? (extension === '' ? undefined : lookup(extension)) ?? 'application/octet-stream'
  return TEXT.test(type) ? `${type}; charset=utf-8` : type
}
