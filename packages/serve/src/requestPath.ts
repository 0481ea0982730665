/** Where a request's URL points: a path relative to the served folder, outside the prefix, or nowhere valid. */
export type RequestPath = { path: string } | 'outside' | 'bad-request'

/**
 * Takes the path out of a request target, strips `prefix` and percent-decodes it once. The
 * result is only ever used as a key into the file table, never joined onto
 * the folder, so `..`, `%2e%2e`, backslashes and absolute paths simply match nothing.
 * Malformed escapes (`%zz`, overlong UTF-8 such as `%c0%ae`) and NUL are a bad request.
 */
export function requestPath(url: string, prefix: string): RequestPath {
  let end = url.length
  const query = url.indexOf('?')
  if (query !== -1) end = query
  const hash = url.indexOf('#')
  if (hash !== -1 && hash < end) end = hash
  if (!url.startsWith(prefix) || end < prefix.length) return 'outside'
  const raw = url.slice(prefix.length, end)
  if (!raw.includes('%')) return raw.includes('\0') ? 'bad-request' : { path: raw }
  let path: string
  try {
    path = decodeURIComponent(raw)
  } catch {
    return 'bad-request'
  }
  return path.includes('\0') ? 'bad-request' : { path }
}
