import { compressOutput, type Encoding } from '@assetmap/engine'
import { requireFolder } from '../folderArgument.ts'

/** Options of `assetmap compress`. */
export interface CompressCommandOptions {
  /** Output folder to precompress in place (with or without an `assetmap.json`). */
  dir: string
  /** Encodings to write. @default every encoding the running Node supports */
  encodings?: readonly Encoding[]
  /** Folder `dir` is relative to. @default process.cwd() */
  cwd?: string
  /** Told how many files are done. @default undefined */
  onProgress?: (done: number, total: number) => void
}

/** What `assetmap compress` did, as printed by `--json`. */
export interface CompressSummary {
  /** The manifest updated with the variants, if the folder has one. */
  manifest: string | undefined
  /** A newer build replaced the manifest meanwhile: it was kept (not rolled back), listing the variants of the files both builds share. */
  manifestChanged: boolean
  files: number
  bytes: number
  variants: number
  variantBytes: Partial<Record<Encoding, number>>
  durationMs: number
}

/**
 * Precompresses every file of an output folder (like WhiteNoise's compression step). When the
 * folder has an `assetmap.json`, it is rewritten, after every variant is on disk, to list them.
 */
export async function compressCommand(options: CompressCommandOptions): Promise<CompressSummary> {
  const started = performance.now()
  const dir = requireFolder(options.dir, options.cwd ?? process.cwd(), 'output folder', "give compress the folder a build wrote (the --out of assetmap build, or the bundler's output folder)")
  const result = await compressOutput({ dir, encodings: options.encodings, onProgress: options.onProgress })
  let variants = 0
  for (const list of result.encodings.values()) variants += list.length
  return {
    manifest: result.manifest,
    manifestChanged: result.manifestChanged,
    files: result.files,
    bytes: result.bytes,
    variants,
    variantBytes: result.variantBytes,
    durationMs: Math.round(performance.now() - started),
  }
}
