import { createHash } from 'node:crypto'
import { AssetmapError, validateManifest, type Manifest, type ManifestEntry, type ManifestFile } from '@assetmap/runtime'
import { normalizeBaseUrl } from '@assetmap/runtime/internal'
import { integrity } from './integrity.ts'
import { sortKeysDeep } from './stableStringify.ts'
import { validateRelease } from './validateRelease.ts'

/** Size and integrity of an output file's final bytes, when the build computed them already. */
export type OutputFile = Pick<ManifestFile, 'size' | 'integrity'>

/** What a build knows when it is ready to write its manifest. */
export interface ManifestInput {
  /** Default base URL recorded in the manifest. */
  base: string
  /** The absolute public path the bundler wrote into the JS and CSS, if any (see `Manifest.pinnedBase`). */
  pinnedBase?: string | undefined
  /** Release id; derived from the content when omitted. */
  release?: string | undefined
  /** Logical name → output path. */
  assets: Iterable<[string, string]>
  /** Entry name → closure (output paths). */
  entries: Iterable<[string, ManifestEntry]>
  /** Output path → final bytes (or their size and integrity) of every output file. */
  files: Iterable<[string, Uint8Array | OutputFile]>
  /** Output path → precompressed variants written beside it. */
  encodings?: Map<string, string[]> | undefined
}

/**
 * Builds the manifest from a build's outputs: integrity and size of every file, sorted keys,
 * and a release id derived from the content unless one is given. Throws `MANIFEST_INVALID` if
 * an asset or entry names a file that is not among `files`.
 */
export function createManifest(input: ManifestInput): Manifest {
  const files: Manifest['files'] = {}
  for (const [path, content] of sortedEntries(input.files)) {
    const encodings = input.encodings?.get(path)
    const file = content instanceof Uint8Array ? { integrity: integrity(content), size: content.byteLength } : content
    files[path] = { ...(encodings?.length ? { encodings: [...encodings].sort() } : {}), integrity: file.integrity, size: file.size }
  }
  const body = {
    assets: Object.fromEntries(sortedEntries(input.assets)),
    entries: sortKeysDeep(Object.fromEntries(sortedEntries(input.entries))),
    files,
  }
  // Compact JSON of the key-sorted body: the same content always gives the same release.
  const release = input.release === undefined ? createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12) : validateRelease(input.release)
  const pinned = input.pinnedBase === undefined ? {} : { pinnedBase: normalizeBaseUrl(input.pinnedBase) }
  const manifest: Manifest = { assets: body.assets, base: normalizeBaseUrl(input.base), entries: body.entries, files, ...pinned, release, version: 1 }
  const problems = validateManifest(manifest)
  if (problems.length > 0) {
    throw new AssetmapError('MANIFEST_INVALID', `The build produced an inconsistent manifest:\n  - ${problems.join('\n  - ')}`, { value: problems })
  }
  return manifest
}

function sortedEntries<T>(entries: Iterable<[string, T]>): Array<[string, T]> {
  const map = new Map(entries)
  return [...map.keys()].sort().map((key) => [key, map.get(key)!])
}
