/** A reference that points at a file this build may know. */
export interface LocalReference {
  /** Logical name of the target, decoded (`img/a b.png`). */
  target: string
  /** Index in the raw value where the last path segment starts. */
  segmentStart: number
  /** Index in the raw value where the path ends (`?query` / `#fragment` follow). */
  pathEnd: number
}

/** How to read references in one file. */
export interface ReferenceScope {
  /** Logical name of the file holding the reference. */
  from: string
  /** URL path the output dir is served under (`/static/`), for absolute references. */
  basePath: string
}

function safeDecode(text: string): string {
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * `path` resolved against the folder `dir` (`''` for the root), like `posix.normalize(posix.join(…))`
 * in one pass: `.` and empty segments vanish, `..` climbs, and climbing past the root keeps `..`.
 */
function resolvePath(dir: string, path: string): string {
  let resolved = dir
  let above = ''
  for (let start = 0; start <= path.length; ) {
    let end = path.indexOf('/', start)
    if (end === -1) end = path.length
    const segment = path.slice(start, end)
    start = end + 1
    if (segment === '' || segment === '.') continue
    if (segment !== '..') resolved = resolved === '' ? segment : `${resolved}/${segment}`
    else if (resolved === '') above += '../'
    else resolved = resolved.slice(0, Math.max(0, resolved.lastIndexOf('/')))
  }
  return resolved !== '' ? above + resolved : above !== '' ? above.slice(0, -1) : '.'
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12
}

/**
 * Decides whether a reference names a local file: schemes (`data:`, `https:`…), `//host`,
 * `#fragment`, `%23…`, empty values, folders and absolute paths outside `basePath` are left alone
 * (`undefined`). Relative paths resolve against the referring file; `<basePath>…` from the root.
 * A path that leaves the root resolves to `..`, which no file has.
 */
export function classifyReference(value: string, scope: ReferenceScope): LocalReference | undefined {
  const padded = isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1))
  const leading = padded ? value.length - value.trimStart().length : 0
  const trimmed = padded ? value.trim() : value
  const first = trimmed.charCodeAt(0)
  if (trimmed === '' || first === 35 || trimmed.startsWith('//') || (first === 37 && /^%23/i.test(trimmed)) || ((first | 0x20) >= 97 && (first | 0x20) <= 122 && SCHEME.test(trimmed))) return undefined
  const query = trimmed.indexOf('?')
  const hash = trimmed.indexOf('#')
  const pathEnd = leading + Math.min(query === -1 ? trimmed.length : query, hash === -1 ? trimmed.length : hash)
  const path = value.slice(leading, pathEnd)
  // A folder (`./`, `.`, `..`: `new URL('.', import.meta.url)`) is no file.
  if (path === '' || path.endsWith('/') || path === '.' || path === '..' || path.endsWith('/.') || path.endsWith('/..')) return undefined
  let target: string
  if (path.startsWith('/')) {
    if (!path.startsWith(scope.basePath)) return undefined
    target = resolvePath('', safeDecode(path.slice(scope.basePath.length)))
  } else {
    const slash = scope.from.lastIndexOf('/')
    target = resolvePath(slash === -1 ? '' : scope.from.slice(0, slash), safeDecode(path))
  }
  return { target, segmentStart: leading + path.lastIndexOf('/') + 1, pathEnd }
}
