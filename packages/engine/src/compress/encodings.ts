import type { Encoding } from '@assetmap/runtime'
import { AssetmapError, VARIANT_EXTENSIONS } from '@assetmap/runtime/internal'

export { VARIANT_EXTENSIONS, type Encoding }

const ALL = Object.keys(VARIANT_EXTENSIONS) as Encoding[]

/** Whether the running Node can write this encoding (zstd needs Node 22.15 or 23.8). */
export function isEncodingSupported(encoding: Encoding): boolean {
  // node:zlib is loaded on first use: the plugin resolves its options with this module, compression or not.
  return encoding !== 'zstd' || typeof (process.getBuiltinModule('node:zlib') as { zstdCompressSync?: unknown }).zstdCompressSync === 'function'
}

/** Every encoding the running Node supports: brotli and gzip, plus zstd where available. */
export function supportedEncodings(): Encoding[] {
  return ALL.filter(isEncodingSupported)
}

/**
 * Checks a user's list of encodings (`['br', 'gzip']`, or `'br,gzip'` from the command line).
 * `true` means every supported encoding.
 */
export function resolveEncodings(value: boolean | string | readonly string[]): Encoding[] {
  if (value === true) return supportedEncodings()
  if (value === false) return []
  const names = typeof value === 'string' ? value.split(',').map((name) => name.trim()).filter(Boolean) : [...value]
  const result: Encoding[] = []
  for (const name of names) {
    if (!(ALL as readonly string[]).includes(name)) {
      throw new AssetmapError('INVALID_OPTION', `Unknown compression ${JSON.stringify(name)}: use any of ${ALL.join(', ')}.`, { value: name })
    }
    if (!isEncodingSupported(name as Encoding)) {
      throw new AssetmapError('INVALID_OPTION', `This Node (${process.version}) cannot write ${name}: zstd needs Node 22.15 or later. Leave it out.`, { value: name })
    }
    if (!result.includes(name as Encoding)) result.push(name as Encoding)
  }
  return result
}
