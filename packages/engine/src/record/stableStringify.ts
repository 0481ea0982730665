/** A copy of `value` with object keys sorted at every depth (array order kept). */
export function sortKeysDeep<T>(value: T): T {
  return sortDeep(value) as T
}

/**
 * `value` itself where it is sorted already (a manifest from `createManifest` is), else a sorted
 * copy. The check allocates nothing for small records (for…in uses V8's cached keys): it runs on
 * every record of a 10,000-file manifest.
 */
function sortDeep(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let index = 0; index < value.length; index++) {
      const sorted = sortDeep(value[index])
      if (sorted !== value[index]) (copy ??= [...value])[index] = sorted
    }
    return copy ?? value
  }
  const record = value as Record<string, unknown>
  // for…in also lists inherited keys, after the own ones: it may find a sorted record unsorted
  // (a needless copy, the same text), never the reverse.
  let previous: string | undefined
  let sorted = true
  for (const key in record) {
    const item = record[key]
    if ((previous !== undefined && previous > key) || sortDeep(item) !== item) {
      sorted = false
      break
    }
    previous = key
  }
  if (sorted) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(record).sort()) put(copy, key, sortDeep(record[key]))
  return copy
}

/** JSON with object keys sorted at every depth (array order kept), two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortDeep(value), null, 2)}\n`
}

/** `record[key] = value`, as an own property even for the key `__proto__` (a file may have that name): assigned, it would set the prototype. */
export function put<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
  else record[key] = value
}
