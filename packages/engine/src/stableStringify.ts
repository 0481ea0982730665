/** A copy of `value` with object keys sorted at every depth (array order kept). */
export function sortKeysDeep<T>(value: T): T {
  return sortDeep(value) as T
}

/** `value` itself where it is sorted already (a manifest from `createManifest` is), else a sorted copy. */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(sortDeep)
    return items.every((item, index) => item === value[index]) ? value : items
  }
  if (typeof value !== 'object' || value === null) return value
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  let changed = false
  const values = keys.map((key, index) => {
    const sorted = sortDeep(record[key])
    changed ||= sorted !== record[key] || (index > 0 && keys[index - 1]! > key)
    return sorted
  })
  if (!changed) return value
  const copy: Record<string, unknown> = {}
  for (const [key, sorted] of keys.map((key, index) => [key, values[index]] as const).sort(([a], [b]) => (a < b ? -1 : 1))) copy[key] = sorted
  return copy
}

/** JSON with object keys sorted at every depth (array order kept), two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortDeep(value), null, 2)}\n`
}
