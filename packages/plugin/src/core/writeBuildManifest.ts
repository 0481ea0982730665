import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { basePath, buildStatic, compressFiles, createManifest, writeManifest, type OutputFile } from '@assetmap/build'
import { AssetmapError, type Manifest } from '@assetmap/runtime'
import type { ResolvedOptions } from '../types.ts'
import type { BundleMap } from './bundleMap.ts'

/** Reads an output file's final bytes. Adapters with the bytes in memory or their own file system pass their own. */
export type ReadOutput = (path: string) => Uint8Array | Promise<Uint8Array>

/** What `writeBuildManifest` needs besides the bundle map. */
export interface BuildManifestTarget {
  outDir: string
  /** Folder logical names of static dirs are relative to. */
  root: string
  base: string
  /** The bundler's absolute public path, when it has one (see `Manifest.pinnedBase`). */
  pinnedBase?: string | undefined
  options: ResolvedOptions
  read?: ReadOutput
  warn(message: string): void
}

/**
 * Completes a build: hashes the static dirs into the output, precompresses if asked, then
 * writes `assetmap.json` with the integrity of every file's final bytes, atomically, once every
 * file and variant is on disk.
 */
export async function writeBuildManifest(map: BundleMap, target: BuildManifestTarget): Promise<Manifest> {
  const read = target.read ?? ((path: string) => readFileSync(join(target.outDir, path)))
  const paths = [...map.files]
  const bytes = await Promise.all(paths.map((path) => read(path)))
  const files = new Map<string, Uint8Array | OutputFile>(paths.map((path, index) => [path, bytes[index]!]))
  const assets = new Map(map.assets)
  if (target.options.static.length > 0) {
    const result = await buildStatic({
      dirs: target.options.static,
      root: target.root,
      outDir: target.outDir,
      basePath: basePath(target.base),
      keepOriginals: target.options.keepOriginals,
      strict: target.options.strict,
      onWarning: target.warn,
    })
    for (const [name, output] of result.assets) {
      if (assets.has(name)) {
        throw new AssetmapError('DUPLICATE_NAME', `"${name}" is both a bundler output (${assets.get(name)}) and a static file (${output}). Give the static dir a prefix.`, {
          value: name,
        })
      }
      assets.set(name, output)
    }
    for (const [path, content] of result.files) files.set(path, content)
  }
  const compressed =
    target.options.compress.length > 0
      ? (await compressFiles({ dir: target.outDir, paths: files.keys(), encodings: target.options.compress })).encodings
      : undefined
  const manifest = createManifest({ base: target.base, pinnedBase: target.pinnedBase, release: target.options.release, assets, entries: map.entries, files, encodings: compressed })
  await writeManifest(target.outDir, manifest)
  return manifest
}
