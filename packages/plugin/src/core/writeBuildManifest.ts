import type { OutputIO, StaticSession } from '@assetmap/engine'
import type { Manifest } from '@assetmap/runtime'
import type { ResolvedOptions } from '../types.ts'
import { join } from 'node:path'
import { readFile } from 'node:fs/promises'
import type { BundleMap } from './bundleMap.ts'
import { addEntryFonts } from './entryFonts.ts'

/** Reads an output file's final bytes. Adapters with the bytes in memory pass their own. */
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
  /** Reads the bundle's files. @default through `io` */
  read?: ReadOutput
  /** The bundler's output file system. @default the disk */
  io?: OutputIO
  warn(message: string): void
}

/** One session per plugin instance and output folder: a watch's rebuilds keep the static dirs' last build in memory. */
const sessions = new WeakMap<ResolvedOptions, Map<string, StaticSession>>()

/** Completes a bundler's build through the engine's one pipeline (static dirs, variants, manifest last). */
export async function writeBuildManifest(map: BundleMap, target: BuildManifestTarget): Promise<Manifest> {
  const { options } = target
  // The engine (hashing, compression, source maps) is loaded when a build ends, not when the bundler loads the plugin.
  const { completeBuild, createStaticSession } = await import('@assetmap/engine')
  // The fonts each entry's CSS names, read from the bytes the bundler wrote (its own reader, else its file system).
  await addEntryFonts(map, target.read ?? ((path) => (target.io ? target.io.readFile(join(target.outDir, path)) : readFile(join(target.outDir, path)))), target.pinnedBase)
  let byFolder = sessions.get(options)
  if (byFolder === undefined) sessions.set(options, (byFolder = new Map()))
  let session = byFolder.get(target.outDir)
  if (session === undefined) byFolder.set(target.outDir, (session = createStaticSession()))
  const { manifest, static: staticResult } = await completeBuild({
    outDir: target.outDir,
    base: target.base,
    pinnedBase: target.pinnedBase,
    release: options.release,
    bundle: { files: map.files, assets: map.assets, entries: map.entries, read: target.read },
    static:
      options.static.length > 0
        ? { dirs: options.static, root: target.root, keepOriginals: options.keepOriginals, strict: options.strict, firstWins: options.staticFirstWins, importMap: options.staticImportMap, onWarning: target.warn, session }
        : undefined,
    compress: options.compress,
    io: target.io,
  })
  // Written after every build: a bundler's watch has no hook that runs when it stops.
  session.flush()
  for (const { name, kept, shadowed } of staticResult?.shadowed ?? []) target.warn(`shadowed ${name}: ${shadowed} (${kept} wins)`)
  return manifest
}
