import type { IncomingHttpHeaders } from 'node:http'
import { parseHttpDate } from './httpDate.ts'

/** Opaque part of an entity tag (`"x"` or `W/"x"`), without `W/` and quotes; `undefined` when it is not one. */
function opaque(tag: string): string | undefined {
  const trimmed = tag.trim()
  const strong = trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed
  return strong.length >= 2 && strong.startsWith('"') && strong.endsWith('"') ? strong.slice(1, -1) : undefined
}

/** Whether an HTTP-date header says the client's copy is at least as recent as `mtimeSeconds`; any other value is ignored. */
function notModifiedSince(header: string, mtimeSeconds: number): boolean {
  const time = parseHttpDate(header)
  return time !== undefined && mtimeSeconds <= Math.floor(time / 1000)
}

/**
 * Whether a GET/HEAD may be answered 304. `If-None-Match` (weak comparison) wins over
 * `If-Modified-Since`. `tags` are every ETag of the file: its identity and each variant share
 * one content, so a client holding any of them is current. Only a bare `*` is the wildcard
 * (`"*"` is an ordinary tag), and an `If-Modified-Since` that is not an HTTP-date is ignored.
 */
export function isNotModified(headers: IncomingHttpHeaders, tags: ReadonlySet<string>, mtimeSeconds: number): boolean {
  const noneMatch = headers['if-none-match']
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true
    return noneMatch.split(',').some((tag) => {
      const value = opaque(tag)
      return value !== undefined && tags.has(value)
    })
  }
  const since = headers['if-modified-since']
  return since !== undefined && notModifiedSince(since, mtimeSeconds)
}

/** Whether `If-Range` (an ETag or a date) still names this file, so the range may be honoured. */
export function ifRangeMatches(header: string | undefined, etag: string, mtimeSeconds: number): boolean {
  if (header === undefined) return true
  const value = header.trim()
  if (value.startsWith('"')) return !etag.startsWith('W/') && opaque(value) === opaque(etag)
  return notModifiedSince(value, mtimeSeconds)
}
