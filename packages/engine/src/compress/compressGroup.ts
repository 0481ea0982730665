import { readFileSync, rmSync } from 'node:fs'
import { writeFileAtomicSync } from '../io/writeFileAtomic.ts'
import { compressBytes, decompressBytes } from './compressBytes.ts'
import { VARIANT_EXTENSIONS, type Encoding } from './encodings.ts'

/** The variants kept for one file. */
export interface CompressedFile {
  /** Absolute path of the identity file. */
  path: string
  /** Encodings whose variant sits beside the file, in the order asked. */
  encodings: Encoding[]
  /** Size of each kept variant. */
  sizes: Partial<Record<Encoding, number>>
}

/** What to compress: files of one size (a cheap first guess at identical content), and how. */
export interface CompressTask {
  paths: string[]
  encodings: Encoding[]
  /** A variant is kept only if at most this share of the original. */
  maxRatio: number
}

/** Size of a variant an earlier build left, if it decodes to exactly these bytes (decoding is far cheaper than brotli 11). */
function reusableSize(variant: string, bytes: Buffer, encoding: Encoding): number | undefined {
  let existing: Buffer
  try {
    existing = readFileSync(variant)
  } catch {
    return undefined
  }
  try {
    return decompressBytes(existing, encoding).equals(bytes) ? existing.byteLength : undefined
  } catch {
    return undefined
  }
}

/**
 * Compresses a group of files, each distinct content once (a hashed file and its unhashed
 * original are often identical). A variant an earlier build wrote is reused if it still decodes
 * to the file's bytes; a variant that does not pay (over `maxRatio`) is not written, and an old one is removed so it is never served stale.
 */
export function compressGroup(task: CompressTask): CompressedFile[] {
  const contents: { bytes: Buffer; paths: string[] }[] = []
  for (const path of task.paths) {
    const bytes = readFileSync(path)
    const same = contents.find((content) => content.bytes.equals(bytes))
    if (same) same.paths.push(path)
    else contents.push({ bytes, paths: [path] })
  }
  const results: CompressedFile[] = []
  for (const { bytes, paths } of contents) {
    const kept: CompressedFile[] = paths.map((path) => ({ path, encodings: [], sizes: {} }))
    let brotliFailed = false
    for (const encoding of task.encodings) {
      // Content brotli 11 cannot shrink by 5% will not shrink under gzip or zstd either (WhiteNoise's shortcut).
      if (brotliFailed) {
        for (const path of paths) rmSync(path + VARIANT_EXTENSIONS[encoding], { force: true })
        continue
      }
      const extension = VARIANT_EXTENSIONS[encoding]
      const reusable = paths.map((path) => reusableSize(path + extension, bytes, encoding))
      let size: number | undefined
      if (reusable.every((value) => value !== undefined)) size = reusable[0]
      else {
        const compressed = compressBytes(bytes, encoding, paths[0]!)
        if (compressed.byteLength <= bytes.byteLength * task.maxRatio) {
          size = compressed.byteLength
          for (const path of paths) writeFileAtomicSync(path + extension, compressed)
        } else for (const path of paths) rmSync(path + extension, { force: true })
      }
      if (size === undefined) {
        brotliFailed = encoding === 'br'
        continue
      }
      for (const file of kept) {
        file.encodings.push(encoding)
        file.sizes[encoding] = size
      }
    }
    results.push(...kept)
  }
  return results
}
