import { VARIANT_EXTENSIONS } from '@assetmap/runtime/internal'
import type { Manifest } from '@assetmap/runtime'

/**
 * Every key in an output dir a manifest accounts for: the files it lists, the unhashed originals
 * of static dirs (their logical names are their paths), and the precompressed variants of both.
 */
export function namedKeys(manifest: Manifest): Set<string> {
  const keys = new Set<string>()
  for (const path of [...Object.keys(manifest.files), ...Object.keys(manifest.assets)]) {
    keys.add(path)
    for (const extension of Object.values(VARIANT_EXTENSIONS)) keys.add(path + extension)
  }
  return keys
}

/** The keys of the files a manifest lists and of their variants: the content-addressed, immutable ones. */
export function hashedKeys(manifest: Manifest): Set<string> {
  const keys = new Set<string>()
  for (const path of Object.keys(manifest.files)) {
    keys.add(path)
    for (const extension of Object.values(VARIANT_EXTENSIONS)) keys.add(path + extension)
  }
  return keys
}

/**
 * The keys a completed publish of this manifest guarantees in the bucket: the files it lists,
 * the variants it records, and the unhashed originals of static dirs (whose bytes its hashes
 * fix). Variants it does not record (of originals compressed later) are not among them.
 */
export function publishedKeys(manifest: Manifest): Set<string> {
  const keys = new Set<string>(Object.keys(manifest.assets))
  for (const [path, file] of Object.entries(manifest.files)) {
    keys.add(path)
    for (const encoding of file.encodings ?? []) keys.add(path + VARIANT_EXTENSIONS[encoding as keyof typeof VARIANT_EXTENSIONS])
  }
  return keys
}
