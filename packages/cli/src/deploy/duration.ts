import { AssetmapError } from '@assetmap/runtime'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90s`, `30m`, `1h`, `7d`, `0` (or a number of milliseconds) in milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  // Zero needs no unit (`--age 0`); any other number without one would be ambiguous.
  if (/^0+$/.test(String(value).trim())) return 0
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(String(value).trim())
  if (!match) throw new AssetmapError('INVALID_OPTION', `--age ${JSON.stringify(value)} is not a duration: use 0, 90s, 30m, 1h or 7d.`, { value })
  return Number(match[1]) * UNITS[match[2]!]!
}
