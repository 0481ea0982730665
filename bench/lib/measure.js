/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Calls per second of `fn` (which runs `batch` operations a call), median of `rounds` timed rounds. */
export function opsPerSecond(fn, { batch, rounds = 7, minMs = 200 }) {
  fn()
  const results = []
  for (let round = 0; round < rounds; round++) {
    let calls = 0
    const start = process.hrtime.bigint()
    let elapsed = 0
    while (elapsed < minMs) {
      fn()
      calls++
      elapsed = Number(process.hrtime.bigint() - start) / 1e6
    }
    results.push((calls * batch) / (elapsed / 1000))
  }
  return median(results)
}

/** Wall time in ms of one call of an async `fn`. */
export async function timeAsync(fn) {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e6
}

export function format(number, digits = 0) {
  return number.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

/** One result line: what, the two figures, and the ratio against the goal. */
export function report({ name, ours, peer, unit, ratio, goal }) {
  const ok = goal ? (goal.max !== undefined ? ratio <= goal.max : ratio >= goal.min) : undefined
  const verdict = ok === undefined ? '' : ok ? '  (goal met)' : '  (goal MISSED)'
  console.log(`${name}: ${ours} vs ${peer} ${unit} → ratio ${format(ratio, 3)}${goal ? ` (goal ${goal.text})` : ''}${verdict}`)
}
