/**
 * What a browser percent-encodes in a URL path (the WHATWG URL "path percent-encode set":
 * controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, DEL and non-ASCII), plus `%`.
 * Encoding exactly that set makes our URL of a chunk the same string as the one the browser
 * builds from the bundler's own relative import, so a module is never loaded twice under two
 * URLs; `%` is added because a file name's `%` is a character, not an escape.
 */
const NEEDS_ENCODING = /[\u0000-\u0020"#%<>?`{}\u007F-\u{10FFFF}]/gu

/**
 * Percent-encodes an output path for a URL (the `/` separators stay): a file named `100%.png`,
 * `%41.png`, `a#b.png` or `q?.png` reaches the server as its own name, not as an escape, a
 * fragment or a query. Paths that need nothing come back as they are.
 */
export function encodeUrlPath(path: string): string {
  NEEDS_ENCODING.lastIndex = 0
  return NEEDS_ENCODING.test(path) ? path.replace(NEEDS_ENCODING, encodeURIComponent) : path
}
