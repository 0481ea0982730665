import type { Manifest, ManifestEntry, ManifestImportMap } from '@assetmap/runtime'
import type { OutputFile } from '../table/types.ts'
import { AssetmapError, isIntegrity, isSafeOutputPath, normalizeBaseUrl, validateManifest } from '@assetmap/runtime/internal'
import { integrity } from '../io/integrity.ts'
import { put, sortKeysDeep } from './stableStringify.ts'
import { validateRelease } from '../outDir/validateRelease.ts'

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
  /** An import-map build's module graph and bare specifiers (`recordImportMap`), keys sorted. @default undefined */
  importMap?: ManifestImportMap | undefined
}

/**
 * Builds the manifest from a build's outputs: integrity and size of every file, sorted keys,
 * and a release id derived from the content unless one is given. Throws `MANIFEST_INVALID` if
 * an asset or entry names a file that is not among `files`.
 */
export function createManifest(input: ManifestInput): Manifest {
  // Every record is made with its keys in sorted order, so that `stableStringify` finds nothing to sort.
  // What `validateManifest` checks that is not true by construction is checked on the way, in
  // the same pass; only a manifest that fails here (or has entries or variants) is walked again
  // by the validator, for its messages: that walk was a fifth of this stage on 10,000 files.
  let valid = true
  const sources = asMap(input.files)
  const files: Manifest['files'] = {}
  for (const path of [...sources.keys()].sort()) {
    const content = sources.get(path)!
    const file = content instanceof Uint8Array ? { integrity: integrity(content), size: content.byteLength } : content
    const encodings = input.encodings?.get(path)
    if (encodings?.length || !validFile(path, file)) valid = false
    put(files, path, encodings?.length ? { encodings: [...encodings].sort(), integrity: file.integrity, size: file.size } : { integrity: file.integrity, size: file.size })
  }
  const names = asMap(input.assets)
  const assets: Manifest['assets'] = {}
  for (const name of [...names.keys()].sort()) {
    const path = names.get(name)!
    if (typeof path !== 'string' || !sources.has(path)) valid = false
    put(assets, name, path)
  }
  const entryMap = asMap(input.entries)
  if (entryMap.size > 0) valid = false
  const entries: Manifest['entries'] = {}
  for (const name of [...entryMap.keys()].sort()) put(entries, name, sortKeysDeep(entryMap.get(name)!))
  // Compact JSON of the key-sorted body: the same content always gives the same release.
  const importMap = input.importMap === undefined ? {} : { importMap: input.importMap }
  if (input.importMap !== undefined) valid = false
  const release = input.release === undefined ? contentRelease(JSON.stringify({ assets, entries, files, ...importMap })) : validateRelease(input.release)
  const pinned = input.pinnedBase === undefined ? {} : { pinnedBase: normalizeBaseUrl(input.pinnedBase) }
  const manifest: Manifest = { assets, base: normalizeBaseUrl(input.base), entries, files, ...importMap, ...pinned, release, version: 1 }
  const problems = valid ? [] : validateManifest(manifest)
  if (problems.length > 0) {
    throw new AssetmapError('MANIFEST_INVALID', `The build produced an inconsistent manifest:\n  - ${problems.join('\n  - ')}`, { value: problems })
  }
  return manifest
}

/** What `validateManifest` would say of a file record: whether it has nothing to say. */
export function validFile(path: string, { integrity, size }: OutputFile): boolean {
  return isSafeOutputPath(path) && isIntegrity(integrity) && Number.isInteger(size) && size >= 0
}

/** The sizes of `files`, summed: how many bytes a build's hashed files hold. */
export function totalSize(files: Iterable<Pick<OutputFile, 'size'>>): number {
  let bytes = 0
  for (const { size } of files) bytes += size
  return bytes
}

/** The pairs as a map (the last of equal keys wins); a map is used as it is. */
function asMap<T>(entries: Iterable<[string, T]>): ReadonlyMap<string, T> {
  return entries instanceof Map ? (entries as Map<string, T>) : new Map(entries)
}

/** The release id of a manifest whose body (`{ assets, entries, files }`, key-sorted) is `body` as compact JSON (or its bytes, in parts). */
export function contentRelease(body: string | readonly Uint8Array[]): string {
  const crypto = process.getBuiltinModule('node:crypto')
  // The string itself: crypto encodes it for less than a Buffer costs (measured in instructions).
  if (typeof body === 'string') return crypto.hash('sha256', body, 'hex').slice(0, 12)
  const hash = crypto.createHash('sha256')
  for (const part of body) hash.update(part)
  return hash.digest('hex').slice(0, 12)
}
