/** Characters a URL path segment may hold as they are (RFC 3986 `pchar`, less `%`), and `/`. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/
const NOT_PCHAR = /[^A-Za-z0-9\-._~!$&'()*+,;=:@]/gu

/**
 * Percent-encodes an output path for a URL, segment by segment (the `/` separators stay):
 * a file named `100%.png`, `%41.png`, `a#b.png` or `q?.png` must reach the server as its own
 * name, not as an escape, a fragment or a query. Paths that need nothing come back as they are.
 */
export function encodeUrlPath(path: string): string {
  if (PLAIN_PATH.test(path)) return path
  return path.replace(NOT_PCHAR, (char) => (char === '/' ? char : encodeURIComponent(char)))
}
