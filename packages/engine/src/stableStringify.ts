/** A copy of `value` with object keys sorted at every depth (array order kept). */
export function sortKeysDeep<T>(value: T): T {
  return sortDeep(value) as T
}

/**
 * `value` itself where it is sorted already (a manifest from `createManifest` is), else a sorted
 * copy. The check allocates nothing: it runs on every record of a 10,000-file manifest.
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
  const keys = Object.keys(record)
  let values: unknown[] | undefined
  let ordered = true
  for (let index = 0; index < keys.length; index++) {
    const item = record[keys[index]!]
    const sorted = sortDeep(item)
    if (sorted !== item) (values ??= keys.map((key) => record[key]))[index] = sorted
    if (index > 0 && keys[index - 1]! > keys[index]!) ordered = false
  }
  if (ordered && values === undefined) return value
  const copy: Record<string, unknown> = {}
  const order = keys.map((_, index) => index).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1))
  for (const index of order) copy[keys[index]!] = values === undefined ? record[keys[index]!] : values[index]
  return copy
}

/** JSON with object keys sorted at every depth (array order kept), two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortDeep(value), null, 2)}\n`
}
