import { VARIANT_EXTENSIONS } from '@assetmap/runtime/internal'
import { integrity } from '@assetmap/engine/internal'
import { AssetmapError, type Manifest } from '@assetmap/runtime'
import type { StoredObject } from './objectStore.ts'

/** A file a manifest names that the output dir does not hold as recorded. */
export interface FileProblem {
  key: string
  problem: string
}

const MISMATCH = "bytes do not match the manifest's integrity"

/**
 * What the listing alone shows wrong with a manifest's files: missing, of another size than
 * recorded, or a recorded variant missing. Costs no read.
 */
export function listedProblems(manifest: Manifest, objects: ReadonlyMap<string, StoredObject>): FileProblem[] {
  const problems: FileProblem[] = []
  for (const [key, file] of Object.entries(manifest.files)) {
    const object = objects.get(key)
    if (!object) problems.push({ key, problem: 'missing' })
    else if (object.size !== file.size) problems.push({ key, problem: MISMATCH })
    for (const encoding of file.encodings ?? []) {
      const variant = key + VARIANT_EXTENSIONS[encoding as keyof typeof VARIANT_EXTENSIONS]
      if (!objects.has(variant)) problems.push({ key: variant, problem: `missing (a ${encoding} variant the manifest records)` })
    }
  }
  return problems
}

/** Output path → recorded integrity, over several manifests (the first to name a path wins). */
export function recordedIntegrity(manifests: readonly Manifest[]): Map<string, string> {
  const recorded = new Map<string, string>()
  for (const manifest of manifests) for (const [key, file] of Object.entries(manifest.files)) if (!recorded.has(key)) recorded.set(key, file.integrity)
  return recorded
}

/** The files among `keys` whose bytes (read with `read`) do not have the integrity recorded for them. */
export function integrityProblems(keys: Iterable<string>, recorded: ReadonlyMap<string, string>, read: (key: string) => Uint8Array): FileProblem[] {
  const problems: FileProblem[] = []
  for (const key of keys) {
    const expected = recorded.get(key)
    if (expected !== undefined && integrity(read(key)) !== expected) problems.push({ key, problem: MISMATCH })
  }
  return problems
}

const SHOWN = 20

/** The error publish stops with, before uploading anything, when a build does not match its manifest. */
export function buildMismatch(location: string, problems: readonly FileProblem[]): AssetmapError {
  const sorted = [...new Map(problems.map((problem) => [problem.key, problem])).values()].sort((a, b) => (a.key < b.key ? -1 : 1))
  const lines = sorted.slice(0, SHOWN).map(({ key, problem }) => `  - ${key}: ${problem}\n`)
  if (sorted.length > SHOWN) lines.push(`  - … and ${sorted.length - SHOWN} more\n`)
  return new AssetmapError(
    'MANIFEST_INVALID',
    `Nothing was uploaded: the manifest in ${location} names ${sorted.length === 1 ? 'a file' : `${sorted.length} files`} this folder does not hold as built, ` +
      `and a published manifest must never name an object that is missing or wrong.\n${lines.join('')}` +
      'Files deleted or changed after the build cannot be published under their hashed names: rebuild into this folder (assetmap build, or your bundler), then publish again.',
    { value: sorted.map(({ key }) => key) },
  )
}
