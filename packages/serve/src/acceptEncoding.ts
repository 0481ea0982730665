/** Codings a client accepts, with `*` and `identity` as written (`undefined` when not mentioned). */
interface Accepted {
  q: Map<string, number>
  any: number | undefined
}

function parse(header: string): Accepted {
  const q = new Map<string, number>()
  let any: number | undefined
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';')
    const name = rawName!.trim().toLowerCase()
    if (name === '') continue
    let weight = 1
    for (const param of params) {
      const [key, value] = param.split('=')
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim())
        weight = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0
      }
    }
    if (name === '*') any = weight
    else q.set(name === 'x-gzip' ? 'gzip' : name, weight)
  }
  return { q, any }
}

const cache = new Map<string, Accepted>()
const CACHE_SIZE = 256

function accepted(header: string): Accepted {
  let result = cache.get(header)
  if (result === undefined) {
    // Browsers send a handful of distinct headers; bound the cache against hostile variety.
    if (cache.size >= CACHE_SIZE) cache.clear()
    result = parse(header)
    cache.set(header, result)
  }
  return result
}

/**
 * Picks the representation to send from `Accept-Encoding` q-values: one of `available` (in
 * the server's order of preference, which breaks ties), `'identity'`, or `undefined` when the
 * client refuses every one of them (`identity;q=0` or `*;q=0`), which is a 406. Identity not
 * listed (and no `*`) ranks below every listed coding: `gzip;q=0.5` gets gzip.
 */
export function negotiateEncoding(header: string | undefined, available: readonly string[]): string | undefined {
  // No header, or an empty one, asks for no coding.
  if (header === undefined || header.trim() === '') return 'identity'
  const { q, any } = accepted(header)
  let best = 'identity'
  // RFC 9110 §12.5.3: identity is acceptable unless excluded, but a client that lists codings
  // and not identity prefers them: unlisted, identity comes after every listed coding.
  let bestQ = q.get('identity') ?? any ?? Number.MIN_VALUE
  for (const coding of available) {
    const weight = q.get(coding) ?? any ?? 0
    if (weight > 0 && weight >= bestQ && !(weight === bestQ && best !== 'identity')) {
      best = coding
      bestQ = weight
    }
  }
  return bestQ > 0 ? best : undefined
}
