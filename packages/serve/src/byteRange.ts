/** What a `Range` header asks of a file of `size` bytes. */
export type RangeRequest = { start: number; end: number } | 'unsatisfiable' | 'ignore'

const SINGLE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i

/**
 * Parses a single byte range (`bytes=0-99`, `bytes=100-`, `bytes=-100`). Several ranges, other
 * units and bad syntax are ignored (the whole file is sent, as RFC 9110 allows); a range that
 * starts past the end is `unsatisfiable` (416).
 */
export function byteRange(header: string, size: number): RangeRequest {
  const match = SINGLE.exec(header)
  if (!match) return 'ignore'
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return 'ignore'
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(size - suffix, 0), end: size - 1 }
  }
  const start = Number(first)
  if (start >= size) return 'unsatisfiable'
  const end = last === '' ? size - 1 : Number(last)
  if (end < start) return 'ignore'
  return { start, end: Math.min(end, size - 1) }
}
