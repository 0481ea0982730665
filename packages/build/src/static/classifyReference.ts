import { posix } from 'node:path'

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
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * Decides whether a reference names a local file: schemes (`data:`, `https:`…), `//host`,
 * `#fragment`, `%23…`, empty values and absolute paths outside `basePath` are left alone
 * (`undefined`). Relative paths resolve against the referring file; `<basePath>…` from the root.
 * A path that leaves the root resolves to `..`, which no file has.
 */
export function classifyReference(value: string, scope: ReferenceScope): LocalReference | undefined {
  const trimmed = value.trim()
  if (trimmed === '' || trimmed.startsWith('#') || /^%23/i.test(trimmed) || trimmed.startsWith('//')) return undefined
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined
  const leading = value.length - value.trimStart().length
  const pathEnd = leading + trimmed.search(/[?#]|$/)
  const path = value.slice(leading, pathEnd)
  if (path === '' || path.endsWith('/')) return undefined
  let target: string
  if (path.startsWith('/')) {
    if (!path.startsWith(scope.basePath)) return undefined
    target = posix.normalize(safeDecode(path.slice(scope.basePath.length)))
  } else {
    target = posix.normalize(posix.join(posix.dirname(scope.from), safeDecode(path)))
  }
  return { target, segmentStart: leading + path.lastIndexOf('/') + 1, pathEnd }
}
