/** Two rows of the edit-distance table, grown as needed and reused: a miss may score thousands of names. */
let rows: [Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64)]

/** Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)]
  let [previous, current] = rows
  for (let j = 0; j <= b.length; j++) previous[j] = j
  for (let i = 1; i <= a.length; i++) {
    current[0] = i
    let rowMin = i
    const code = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1)
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
      current[j] = value
      if (value < rowMin) rowMin = value
    }
    if (rowMin > limit) return limit + 1
    ;[previous, current] = [current, previous]
  }
  return previous[b.length]!
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/**
 * Up to `count` known names closest to `wanted`: a name with the same file name ranks first,
 * then by edit distance. Names too far away to be a plausible typo are left out.
 */
export function closestNames(wanted: string, known: Iterable<string>, count = 3): string[] {
  const wantedLower = wanted.toLowerCase()
  const wantedBase = baseName(wantedLower)
  const limit = Math.max(3, Math.floor(wanted.length / 2))
  const scored: Array<{ name: string; score: number }> = []
  for (const name of known) {
    const lower = name.toLowerCase()
    const sameBase = baseName(lower) === wantedBase
    const distance = editDistance(wantedLower, lower, limit)
    if (sameBase || distance <= limit) scored.push({ name, score: sameBase ? Math.min(distance, 1) : distance })
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
  return scored.slice(0, count).map((s) => s.name)
}
