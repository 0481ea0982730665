import { join } from 'node:path'
import { MANIFEST_FILE, releaseManifestPath, type Manifest } from '@assetmap/runtime'
import { stableStringify } from './stableStringify.ts'
import { writeFileAtomic } from './writeFileAtomic.ts'

/**
 * Writes `assetmap.json` and its per-release copy `.assetmap/releases/<release>.json`, each
 * atomically, the main manifest last. Call it only once every file it names is on disk.
 * @returns the path of `assetmap.json`.
 */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const text = stableStringify(manifest)
  await writeFileAtomic(releaseManifestPath(outDir, manifest.release), text)
  const path = join(outDir, MANIFEST_FILE)
  await writeFileAtomic(path, text)
  return path
}
