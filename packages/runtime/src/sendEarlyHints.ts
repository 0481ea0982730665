import { AssetmapError } from './AssetmapError.ts'

/** A response that can carry hints: node:http's `ServerResponse` (Express, Connect) or node:http2's compat `Http2ServerResponse`. */
export interface HintableResponse {
  readonly headersSent: boolean
  /** The request (node:http sets it): an HTTP/1.0 one gets no 103. */
  readonly req?: { readonly httpVersion?: string } | undefined
  writeEarlyHints?(hints: Record<string, string | string[]>, callback?: () => void): void
  getHeader(name: string): unknown
  setHeader(name: string, value: string | string[]): unknown
}

/** A Fastify reply: the 103 goes out through `raw`, the final `Link` through `header()`. */
export interface HintableReply {
  readonly raw: HintableResponse
  getHeader(name: string): unknown
  header(name: string, value: unknown): unknown
}

/** Options of `sendEarlyHints`. */
export interface SendEarlyHintsOptions {
  /** Send a `103 Early Hints` with the values now, if the response has not started. @default true */
  early?: boolean
  /**
   * Also put the values on the final response's `Link` header (after any `Link` already set), for
   * CDNs and proxies that turn it into their own 103 for the next visitor.
   * @default true
   */
  final?: boolean
}

// Node refuses these in a header value too, but later and without saying which value it was.
const UNSAFE_HEADER_VALUE = /[\r\n\0]/

function existingLinks(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  return typeof value === 'string' && value !== '' ? [value] : []
}

function isReply(target: HintableResponse | HintableReply): target is HintableReply {
  return typeof (target as HintableReply).raw === 'object' && typeof (target as HintableReply).header === 'function'
}

/**
 * Sends `Link` values (from `assets.hints()`) before the page is rendered: a `103 Early Hints`
 * now, so the browser starts fetching stylesheets and module scripts while the server still
 * works on the page, and the same values on the final response. Works with node:http (Express,
 * Connect), node:http2's compat API (HTTP/2 and HTTP/1.1 with `allowHTTP1`) and Fastify replies.
 * A response whose headers went out already gets nothing; an HTTP/1.0 client gets the final `Link` only.
 * @returns whether a 103 was sent.
 */
export function sendEarlyHints(target: HintableResponse | HintableReply, links: readonly string[], options: SendEarlyHintsOptions = {}): boolean {
  for (const link of links) {
    if (typeof link !== 'string' || UNSAFE_HEADER_VALUE.test(link)) {
      throw new AssetmapError('INVALID_OPTION', `sendEarlyHints(): ${JSON.stringify(link)} is no Link header value. Pass what assets.hints() returns.`, { value: link })
    }
  }
  const response = isReply(target) ? target.raw : target
  if (links.length === 0 || response.headersSent) return false
  if (options.final !== false) {
    if (isReply(target)) target.header('link', [...existingLinks(target.getHeader('link')), ...links])
    else response.setHeader('link', [...existingLinks(response.getHeader('link')), ...links])
  }
  if (options.early === false || typeof response.writeEarlyHints !== 'function') return false
  // HTTP/1.0 has no 1xx responses: such a client would take the 103 for the answer (RFC 9110, 15.2). Node sends it regardless.
  if (response.req?.httpVersion === '1.0') return false
  response.writeEarlyHints({ link: [...links] })
  return true
}
