function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      current.push(value)
      rowMin = Math.min(rowMin, value)
    }
    if (rowMin > limit) return limit + 1
    previous = current
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
  const wantedBase = baseName(wanted).toLowerCase()
  const limit = Math.max(3, Math.floor(wanted.length / 2))
  const scored: Array<{ name: string; score: number }> = []
  for (const name of known) {
    const sameBase = baseName(name).toLowerCase() === wantedBase
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase(), limit)
    if (sameBase || distance <= limit) scored.push({ name, score: sameBase ? Math.min(distance, 1) : distance })
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : 1))
  return scored.slice(0, count).map((s) => s.name)
}
