import type { IncomingHttpHeaders } from 'node:http'
import { parseHttpDate } from './httpDate.ts'

/** Opaque part of an entity tag (`"x"` or `W/"x"`), without `W/` and quotes; `undefined` when it is not one. */
function opaque(tag: string): string | undefined {
  const trimmed = tag.trim()
  const strong = trimmed.startsWith('W/') ? trimmed.slice(2) : trimmed
  return strong.length >= 2 && strong.startsWith('"') && strong.endsWith('"') ? strong.slice(1, -1) : undefined
}

/** Seconds since the epoch of an HTTP-date header, or `undefined` for anything else (which RFC 9110 says to ignore). */
function dateSeconds(header: string): number | undefined {
  const time = parseHttpDate(header)
  return time === undefined ? undefined : Math.floor(time / 1000)
}

/** The validators of the representation a request is answered with. */
export interface Current {
  /** Opaque ETags a client may hold for the same content (the identity's and each variant's). */
  tags: ReadonlySet<string>
  /** Whether those tags are strong: only strong tags can satisfy `If-Match` (RFC 9110 §8.8.3.2). */
  strong: boolean
  /** `Last-Modified`, in whole seconds. */
  mtimeSeconds: number
}

/** Whether a list of entity tags (`If-Match`, `If-None-Match`) names one of `tags`; only a bare `*` is the wildcard, `"*"` is an ordinary tag. */
function listMatches(header: string, tags: ReadonlySet<string>, strongOnly: boolean): boolean {
  if (header.trim() === '*') return true
  return header.split(',').some((tag) => {
    if (strongOnly && tag.trim().startsWith('W/')) return false
    const value = opaque(tag)
    return value !== undefined && tags.has(value)
  })
}

/**
 * What the preconditions of a GET or HEAD ask, in the order of RFC 9110 §13.2.2: `If-Match`
 * (strong comparison) or else `If-Unmodified-Since` can fail it (412); then `If-None-Match`
 * (weak comparison) or else `If-Modified-Since` can make it a 304. Dates that are not
 * HTTP-dates are ignored.
 */
export function preconditions(headers: IncomingHttpHeaders, current: Current): 200 | 304 | 412 {
  const match = headers['if-match']
  if (match !== undefined) {
    if (!listMatches(match, current.tags, true) || (!current.strong && match.trim() !== '*')) return 412
  } else {
    const unmodified = headers['if-unmodified-since']
    const since = unmodified === undefined ? undefined : dateSeconds(unmodified)
    if (since !== undefined && current.mtimeSeconds > since) return 412
  }
  const noneMatch = headers['if-none-match']
  if (noneMatch !== undefined) return listMatches(noneMatch, current.tags, false) ? 304 : 200
  const modified = headers['if-modified-since']
  const since = modified === undefined ? undefined : dateSeconds(modified)
  return since !== undefined && current.mtimeSeconds <= since ? 304 : 200
}

/**
 * Whether `If-Range` still names this representation, so the range may be honoured: a strong
 * ETag equal to its own, or a date equal to its `Last-Modified` exactly (RFC 9110 §13.1.5; a
 * later date does not do, since the file may have changed within it).
 */
export function ifRangeMatches(header: string | undefined, etag: string, mtimeSeconds: number): boolean {
  if (header === undefined) return true
  const value = header.trim()
  if (value.startsWith('"')) return !etag.startsWith('W/') && opaque(value) === opaque(etag)
  return dateSeconds(value) === mtimeSeconds
}
