/** Length of the content hash in static file names (hex characters). */
export const HASH_LENGTH = 12

/**
 * Inserts `.hash` before the last extension of a file name or path:
 * `css/site.css` → `css/site.3f9a1c2b4d5e.css`; a name without extension gets it at the end.
 * Works on URL-encoded segments too, since only the extension is looked at.
 */
export function hashedName(name: string, hash: string): string {
  const slash = name.lastIndexOf('/')
  const dot = name.lastIndexOf('.')
  return dot > slash + 1 ? `${name.slice(0, dot)}.${hash}${name.slice(dot)}` : `${name}.${hash}`
}
