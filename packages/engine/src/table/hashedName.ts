/** Length of the content hash in static file names (hex characters). */
export const HASH_LENGTH = 12

/** The `.hash` that `hashedName` inserts, as a regular expression's source. */
export const HASH_PART: string = `\\.[0-9a-f]{${HASH_LENGTH}}`

/**
 * Where `.hash` goes in a file name or path: before the last extension of its last segment, or
 * at the end when that segment has none (a leading dot is not an extension).
 */
export function hashPosition(name: string): number {
  const slash = name.lastIndexOf('/')
  const dot = name.lastIndexOf('.')
  return dot > slash + 1 ? dot : name.length
}

/**
 * Inserts `.hash` before the last extension of a file name or path:
 * `css/site.css` → `css/site.3f9a1c2b4d5e.css`; a name without extension gets it at the end.
 * Works on URL-encoded segments too, since only the extension is looked at.
 */
export function hashedName(name: string, hash: string): string {
  const at = hashPosition(name)
  // Joined, not concatenated: one flat string (48 bytes for a short name), where a template
  // literal keeps a tree of three concatenations and a slice (128), for every file a build keeps.
  return [name.slice(0, at), '.', hash, name.slice(at)].join('')
}

/** The hash that `hashedName(name, hash)` put in `output`. */
export function hashIn(name: string, output: string): string {
  const at = hashPosition(name) + 1
  return output.slice(at, at + HASH_LENGTH)
}
