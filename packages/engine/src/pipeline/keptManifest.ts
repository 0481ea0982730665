import { readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { MANIFEST_FILE, releaseManifestPath } from '@assetmap/runtime/internal'
import { CACHE_PATH } from '../static/cache/buildCache.ts'
import { readTextFile } from '../readTextFile.ts'
import { writeFileAtomicSync } from '../writeFileAtomic.ts'

// What a static-only build records after writing its manifest, so that the next build, when its
// static stage spared every file, can take that manifest as it is instead of making it again: the
// options that shape the manifest, and the identity (size, mtime, inode) of the build cache and of
// `assetmap.json` as they were then. A cache written since (a build that stopped before its
// manifest) or a manifest changed since (by hand, by `assetmap compress`) no longer matches.
const STAMP_PATH = '.assetmap/manifest-stamp.json'

interface ManifestStamp {
  inputs: string
  cache: string
  manifest: string
  release: string
}

function identity(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false })
  return stats && `${stats.size}:${stats.mtimeMs}:${stats.ino}`
}

/**
 * The manifest the last build wrote into `outDir`, when it was made from the same `inputs` and
 * neither it nor the build cache changed since; otherwise `undefined` (make it again).
 */
export function keptManifest(outDir: string, inputs: string): Manifest | undefined {
  let stamp: ManifestStamp
  try {
    stamp = JSON.parse(readFileSync(join(outDir, STAMP_PATH), 'utf8')) as ManifestStamp
  } catch {
    return undefined
  }
  const manifestPath = join(outDir, MANIFEST_FILE)
  if (stamp?.inputs !== inputs || stamp.cache !== identity(join(outDir, CACHE_PATH)) || stamp.manifest !== identity(manifestPath)) return undefined
  if (typeof stamp.release !== 'string' || identity(releaseManifestPath(outDir, stamp.release)) === undefined) return undefined
  try {
    const manifest = JSON.parse(readTextFile(manifestPath)) as Manifest
    return manifest.release === stamp.release ? manifest : undefined
  } catch {
    return undefined
  }
}

/** Removes the stamp, after a build whose manifest the next one may not take as it is (a bundle, variants, no cache). */
export function forgetManifestStamp(outDir: string): void {
  rmSync(join(outDir, STAMP_PATH), { force: true })
}

/** Records, after the manifest is written, what `keptManifest` checks. */
export function keepManifestStamp(outDir: string, inputs: string, release: string): void {
  const cache = identity(join(outDir, CACHE_PATH))
  const manifest = identity(join(outDir, MANIFEST_FILE))
  // No cache (a watch writes it later): nothing to vouch for.
  if (cache === undefined || manifest === undefined) return forgetManifestStamp(outDir)
  const stamp: ManifestStamp = { inputs, cache, manifest, release }
  writeFileAtomicSync(join(outDir, STAMP_PATH), JSON.stringify(stamp))
}
