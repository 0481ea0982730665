/** A copy of `value` with object keys sorted at every depth (array order kept). */
export function sortKeysDeep<T>(value: T): T {
  return sortDeep(value) as T
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep)
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) sorted[key] = sortDeep((value as Record<string, unknown>)[key])
    return sorted
  }
  return value
}

/** JSON with object keys sorted at every depth (array order kept), two-space indented, newline-terminated. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortDeep(value), null, 2)}\n`
}
