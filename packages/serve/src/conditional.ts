import type { IncomingHttpHeaders } from 'node:http'

/** Opaque part of an entity tag, without `W/` and quotes. */
function opaque(tag: string): string {
  const trimmed = tag.trim()
  const strong = trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed
  return strong.startsWith('"') && strong.endsWith('"') ? strong.slice(1, -1) : strong
}

/**
 * Whether a GET/HEAD may be answered 304. `If-None-Match` (weak comparison) wins over
 * `If-Modified-Since`. `tags` are every ETag of the file: its identity and each variant share
 * one content, so a client holding any of them is current.
 */
export function isNotModified(headers: IncomingHttpHeaders, tags: ReadonlySet<string>, mtimeSeconds: number): boolean {
  const noneMatch = headers['if-none-match']
  if (noneMatch !== undefined) {
    return noneMatch.split(',').some((tag) => {
      const value = opaque(tag)
      return value === '*' || tags.has(value)
    })
  }
  const since = headers['if-modified-since']
  if (since === undefined) return false
  const time = Date.parse(since)
  return !Number.isNaN(time) && mtimeSeconds <= Math.floor(time / 1000)
}

/** Whether `If-Range` (an ETag or a date) still names this file, so the range may be honoured. */
export function ifRangeMatches(header: string | undefined, etag: string, mtimeSeconds: number): boolean {
  if (header === undefined) return true
  const value = header.trim()
  if (value.startsWith('"')) return opaque(value) === opaque(etag) && !etag.startsWith('W/')
  const time = Date.parse(value)
  return !Number.isNaN(time) && mtimeSeconds <= Math.floor(time / 1000)
}
