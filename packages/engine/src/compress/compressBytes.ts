import { extname } from 'node:path'
import * as zlib from 'node:zlib'
import type { Encoding } from './encodings.ts'

type ZstdSync = (data: Uint8Array, options?: { params: Record<number, number> }) => Buffer

const TEXT = new Set('css js mjs cjs json map html htm svg txt xml md csv webmanifest ts tsx jsx'.split(' '))

/**
 * Compresses bytes at the highest settings: gzip level 9, brotli quality 11 (in text mode for
 * text formats), zstd level 19. Build-time only; every variant is served many times.
 */
export function compressBytes(bytes: Uint8Array, encoding: Encoding, path: string): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gzipSync(bytes, { level: 9 })
    case 'br':
      return zlib.brotliCompressSync(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
          [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(extname(path).slice(1).toLowerCase())
            ? zlib.constants.BROTLI_MODE_TEXT
            : zlib.constants.BROTLI_MODE_GENERIC,
        },
      })
    case 'zstd': {
      const zstd = (zlib as unknown as { zstdCompressSync: ZstdSync }).zstdCompressSync
      const level = (zlib.constants as unknown as Record<string, number>).ZSTD_c_compressionLevel!
      return zstd(bytes, { params: { [level]: 19 } })
    }
  }
}

/** Reverses `compressBytes`; used to check that a variant left by an earlier build still matches its file. */
export function decompressBytes(bytes: Uint8Array, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gunzipSync(bytes)
    case 'br':
      return zlib.brotliDecompressSync(bytes)
    case 'zstd':
      return (zlib as unknown as { zstdDecompressSync: ZstdSync }).zstdDecompressSync(bytes)
  }
}
