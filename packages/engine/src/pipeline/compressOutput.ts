import type { Manifest } from '@assetmap/runtime'
import { MANIFEST_FILE } from '@assetmap/runtime/internal'
import type { CompressResult } from '../compress/compressFiles.ts'
import { resolveEncodings, type Encoding } from '../compress/encodings.ts'
import { resolveStaticDirs, walkStaticDirs } from '../walk/walkStaticDirs.ts'

/** Options of `compressOutput`. */
export interface CompressOutputOptions {
  /** Output folder to precompress in place (absolute), with or without an `assetmap.json`. */
  dir: string
  /** Encodings to write. @default every encoding the running Node supports */
  encodings?: readonly Encoding[] | undefined
  /** Told how many files are done. @default undefined */
  onProgress?: ((done: number, total: number) => void) | undefined
}

/** What `compressOutput` did. */
export interface CompressOutputResult extends CompressResult {
  /** Path of the manifest updated with the variants, if the folder has one. */
  manifest: string | undefined
  /**
   * Whether a newer build replaced the manifest while compressing. Its manifest is kept, and
   * lists the new variants only of files whose bytes both builds share.
   */
  manifestChanged: boolean
}

/**
 * Precompresses every file of an output folder in place (like WhiteNoise's compression step).
 * When the folder has an `assetmap.json`, it is then rewritten to list the variants, never
 * rolling back a manifest that a newer build wrote meanwhile.
 */
export async function compressOutput(options: CompressOutputOptions): Promise<CompressOutputResult> {
  const { dir } = options
  // Loaded here, as `compressFiles` below: the engine's entry re-exports this function, and a build without compression needs none of it.
  const { readManifestSnapshot, updateManifest } = await import('../record/writeManifest.ts')
  const snapshot = await readManifestSnapshot(dir)
  const paths = (await walkStaticDirs(resolveStaticDirs([dir], dir))).map((file) => file.name).filter((name) => name !== MANIFEST_FILE)
  const encodings = options.encodings ? [...options.encodings] : resolveEncodings(true)
  const { compressFiles } = await import('../compress/compressFiles.ts')
  const result = await compressFiles({ dir, paths, encodings, ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
  const update = snapshot
    ? await updateManifest(dir, snapshot, (current, changed) => withVariants(current, result.encodings, encodings, changed ? snapshot.manifest : undefined))
    : undefined
  return { ...result, manifest: update ? snapshot!.path : undefined, manifestChanged: update?.changed ?? snapshot !== undefined }
}

/**
 * `manifest` listing the variants just written. Encodings this run was not asked for keep their
 * listing; those it was asked for are listed where it kept a variant. When the manifest is not
 * the one read at the start (`previous`), only files with the same bytes in both get the new list.
 */
function withVariants(manifest: Manifest, written: ReadonlyMap<string, Encoding[]>, asked: readonly string[], previous: Manifest | undefined): Manifest {
  const files: Manifest['files'] = {}
  for (const [path, file] of Object.entries(manifest.files)) {
    const same = previous === undefined || previous.files[path]?.integrity === file.integrity
    const list: string[] = same ? [...(file.encodings ?? []).filter((encoding) => !asked.includes(encoding)), ...(written.get(path) ?? [])] : (file.encodings ?? [])
    files[path] = { size: file.size, integrity: file.integrity, ...(list.length > 0 ? { encodings: [...new Set(list)].sort() } : {}) }
  }
  return { ...manifest, files }
}
