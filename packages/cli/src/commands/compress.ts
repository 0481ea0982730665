import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { compressFiles, MANIFEST_FILE, resolveEncodings, resolveStaticDirs, walkStaticDirs, writeManifest, type Encoding } from '@assetmap/build'
import { loadManifest, type Manifest } from '@assetmap/runtime'

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
  const dir = resolve(options.cwd ?? process.cwd(), options.dir)
  const manifestPath = join(dir, MANIFEST_FILE)
  const manifest = existsSync(manifestPath) ? loadManifest(manifestPath) : undefined
  const paths = (await walkStaticDirs(resolveStaticDirs([dir], dir))).map((file) => file.name).filter((name) => name !== MANIFEST_FILE)
  const result = await compressFiles({
    dir,
    paths,
    encodings: options.encodings ?? resolveEncodings(true),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  })
  if (manifest) await writeManifest(dir, withEncodings(manifest, result.encodings))
  let variants = 0
  for (const list of result.encodings.values()) variants += list.length
  return {
    manifest: manifest ? manifestPath : undefined,
    files: result.files,
    bytes: result.bytes,
    variants,
    variantBytes: result.variantBytes,
    durationMs: Math.round(performance.now() - started),
  }
}

function withEncodings(manifest: Manifest, encodings: Map<string, Encoding[]>): Manifest {
  const files: Manifest['files'] = {}
  for (const [path, { size, integrity }] of Object.entries(manifest.files)) {
    const list = encodings.get(path)
    files[path] = { size, integrity, ...(list ? { encodings: [...list].sort() } : {}) }
  }
  return { ...manifest, files }
}
