import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createManifest, writeManifest } from '@assetmap/build'
import type { Manifest } from '@assetmap/runtime'
import type { BundleMap } from './bundleMap.ts'

/** Reads an output file's final bytes. Adapters with the bytes in memory pass their own. */
export type ReadOutput = (path: string) => Promise<Uint8Array>

/** What `writeBuildManifest` needs besides the bundle map. */
export interface BuildManifestTarget {
  outDir: string
  base: string
  release: string | undefined
  read?: ReadOutput
}

/**
 * Turns a bundle map into `assetmap.json` under the output dir: integrity from the final bytes
 * of every file, written atomically once every file is on disk.
 */
export async function writeBuildManifest(map: BundleMap, target: BuildManifestTarget): Promise<Manifest> {
  const read = target.read ?? ((path: string) => readFile(join(target.outDir, path)))
  const paths = [...map.files]
  const bytes = await Promise.all(paths.map((path) => read(path)))
  const manifest = createManifest({
    base: target.base,
    release: target.release,
    assets: map.assets,
    entries: map.entries,
    files: paths.map((path, index) => [path, bytes[index]!]),
  })
  await writeManifest(target.outDir, manifest)
  return manifest
}
