import { join } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { stableStringify } from './stableStringify.ts'
import { writeFileAtomic } from './writeFileAtomic.ts'

/** File name of the manifest at the root of the output dir. */
export const MANIFEST_FILE = 'assetmap.json'
/** Folder, under the output dir, of the per-release copies of the manifest. */
export const RELEASES_DIR = '.assetmap/releases'

/**
 * Writes `assetmap.json` and its per-release copy `.assetmap/releases/<release>.json`, each
 * atomically, the main manifest last. Call it only once every file it names is on disk.
 * @returns the path of `assetmap.json`.
 */
export async function writeManifest(outDir: string, manifest: Manifest): Promise<string> {
  const text = stableStringify(manifest)
  await writeFileAtomic(join(outDir, RELEASES_DIR, `${manifest.release}.json`), text)
  const path = join(outDir, MANIFEST_FILE)
  await writeFileAtomic(path, text)
  return path
}
