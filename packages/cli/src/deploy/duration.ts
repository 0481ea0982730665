import { AssetmapError } from '@assetmap/runtime'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90s`, `30m`, `1h`, `7d` (or a number of milliseconds) in milliseconds. */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(String(value).trim())
  if (!match) throw new AssetmapError('INVALID_OPTION', `--age ${JSON.stringify(value)} is not a duration: use 90s, 30m, 1h or 7d.`, { value })
  return Number(match[1]) * UNITS[match[2]!]!
}
