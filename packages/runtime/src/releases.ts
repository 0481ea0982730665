import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadManifest, MANIFEST_FILE } from './loadManifest.ts'
import type { Manifest } from './types.ts'

export { MANIFEST_FILE }
/** Folder, under an output dir, of every release's copy of its manifest. */
export const RELEASES_DIR = '.assetmap/releases'

/** Where the copy of one release's manifest lives under an output dir. */
export function releaseManifestPath(outDir: string, release: string): string {
  return join(outDir, RELEASES_DIR, `${release}.json`)
}

/** Ids of the releases kept under `outDir/.assetmap/releases`, sorted. */
export function loadReleaseIds(outDir: string): string[] {
  try {
    return readdirSync(join(outDir, RELEASES_DIR))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .sort()
  } catch {
    return []
  }
}

/**
 * The manifests of every release kept under `outDir/.assetmap/releases`, sorted by release id.
 * Unreadable or invalid ones are skipped and reported to `onWarning`.
 */
export function loadReleaseManifests(outDir: string, onWarning: (message: string) => void): Manifest[] {
  const manifests: Manifest[] = []
  for (const release of loadReleaseIds(outDir)) {
    try {
      manifests.push(loadManifest(releaseManifestPath(outDir, release)))
    } catch (error) {
      onWarning((error as Error).message)
    }
  }
  return manifests
}
