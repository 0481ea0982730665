import { AssetmapError } from './AssetmapError.ts'
import { escapeHtml } from './escapeHtml.ts'

/**
 * ` nonce="…"`, or `''` without a nonce. A nonce that is no string (a Buffer from `randomBytes`
 * not encoded, say) is refused by name, for `caller` (`entryTags()`, `importMap()`).
 */
export function nonceAttribute(nonce: unknown, caller: string): string {
  if (nonce === undefined || nonce === null || nonce === '') return ''
  if (typeof nonce !== 'string') {
    throw new AssetmapError('INVALID_OPTION', `${caller}: nonce must be a string (found ${typeof nonce}); encode it first (randomBytes(16).toString('base64')).`, { value: nonce })
  }
  return ` nonce="${escapeHtml(nonce)}"`
}
