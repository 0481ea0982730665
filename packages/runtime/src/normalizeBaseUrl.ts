import { AssetmapError } from './AssetmapError.ts'

const FORBIDDEN = /[\s\\?#<>"'`\0]/

function invalid(value: string, why: string): AssetmapError {
  return new AssetmapError(
    'INVALID_BASE_URL',
    `Invalid base URL ${JSON.stringify(value)}: ${why}. Use an absolute path like "/static/" or a URL like "https://cdn.example.com/static/".`,
    { value },
  )
}

/**
 * Validates a base URL and returns it ending in `/`. Accepts an absolute path (`/static`),
 * an `http(s)` URL or a protocol-relative URL (`//cdn.example.com/static`).
 */
export function normalizeBaseUrl(value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(String(value), 'it is empty')
  if (FORBIDDEN.test(value)) throw invalid(value, 'it contains whitespace, a backslash, a quote, "<", ">", "?" or "#"')
  const withSlash = value.endsWith('/') ? value : `${value}/`
  if (withSlash.startsWith('//') || /^https?:\/\//i.test(withSlash)) {
    let url: URL
    try {
      url = new URL(withSlash.startsWith('//') ? `https:${withSlash}` : withSlash)
    } catch {
      throw invalid(value, 'it is not a valid URL')
    }
    // The URL parser forgives "https:///host"; the string itself is what ends up in HTML.
    if (!url.host || !/^(https?:)?\/\/[^/]/i.test(withSlash)) throw invalid(value, 'the URL has no host')
    if (url.username || url.password) throw invalid(value, 'the URL must not carry credentials')
    return withSlash
  }
  if (withSlash.startsWith('/')) return withSlash
  if (/^[a-z][a-z0-9+.-]*:/i.test(withSlash)) throw invalid(value, 'only http: and https: URLs can serve assets')
  throw invalid(value, 'a relative base would change meaning on every page')
}
