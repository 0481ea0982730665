import { lstatSync } from 'node:fs'
import { join } from 'node:path'
import { MANIFEST_FILE, normalizeBaseUrl } from '@assetmap/runtime/internal'
import { basePath } from './basePath.ts'
import { VARIANT_EXTENSIONS, type Encoding } from '../compress/encodings.ts'
import type { BuildStaticOptions } from '../plan/staticOptions.ts'
import { checkOutputDir } from '../outDir/checkOutputDir.ts'
import { holdBuildMarker } from '../outDir/holdBuildMarker.ts'
import { nodeIO, type OutputIO } from '../io/outputIO.ts'
import type { CompleteBuildOptions, CompleteBuildResult } from './completeOptions.ts'
import { keptManifest, type KeptManifest } from '../outDir/manifestStamp.ts'
import type { UnchangedProbe } from '../plan/unchangedBuild.ts'
import { validateRelease } from '../outDir/validateRelease.ts'
import { folderOf } from '../outDir/outputPresence.ts'

/**
 * Completes every build, bundled or static, the same way: hash the static dirs into the
 * output, precompress if asked, remove variants that no longer match a rewritten file, then
 * write the manifest, last and atomically, naming only files written through `io` (`writeBuild`).
 * A static-only rebuild that changed nothing takes the last build's manifest as it is instead.
 */
export async function completeBuild(options: CompleteBuildOptions): Promise<CompleteBuildResult> {
  const io = options.io ?? nodeIO
  const { outDir } = options
  if (io.onDisk) checkOutputDir(outDir, 'outDir')
  const base = normalizeBaseUrl(options.base)
  // Checked before anything is written: the id names the release copy's file.
  if (options.release !== undefined) validateRelease(options.release)
  // Held while the build writes, so that `assetmap clean` keeps off the files its manifest does not name yet.
  const release = io.onDisk ? holdBuildMarker(outDir) : undefined
  try {
    return await buildHeld(options, io, base)
  } finally {
    release?.()
  }
}

async function buildHeld(options: CompleteBuildOptions, io: OutputIO, base: string): Promise<CompleteBuildResult> {
  const { outDir } = options
  // A static-only build whose every file the cache spares: the manifest it wrote last time, if nothing changed it since.
  const keepable = options.bundle === undefined && io.onDisk && options.static !== undefined && options.static.cache !== false
  const compress = options.compress?.length ? [...options.compress] : undefined
  const importMap = options.static?.importMap
  const inputs = JSON.stringify({ base, pinnedBase: options.pinnedBase ?? null, release: options.release ?? null, ...(compress ? { compress } : {}), ...(importMap ? { importMap } : {}) })
  const staticOptions = options.static && { ...options.static, outDir, basePath: basePath(base) }
  const kept = keepable && options.static?.session === undefined ? keptManifest(outDir, inputs) : undefined
  const probe = kept ? await probeUnchanged(staticOptions!, kept) : undefined
  if (kept && probe?.result && (compress === undefined || variantsThere(outDir, kept, probe.names))) {
    // Folders listed because they had changed too recently to vouch for themselves may by now.
    if (probe.listed > 0) kept.restamp(probe.names)
    return { get manifest() { return kept.manifest() }, release: kept.release, manifestPath: join(outDir, MANIFEST_FILE), static: probe.result, removedVariants: [] }
  }
  // Loaded only now: a rebuild that changed nothing needs none of the modules that build and write.
  const { writeBuild } = await import('./writeBuild.ts')
  return writeBuild({ options, io, base, inputs, keepable, staticOptions, prepared: probe?.prepared })
}

/**
 * Whether every precompressed variant the kept manifest lists is beside its file (a regular file).
 * The files are hashed, so a variant there encodes their bytes: it is trusted by its name, never
 * decoded. A folder no name was added to or removed from since the manifest was stamped
 * (`settled`) vouches for its variants; the manifest is read only when one is not settled.
 */
function variantsThere(outDir: string, kept: KeptManifest, names: readonly string[]): boolean {
  const unsettled = new Set<string>()
  for (const name of names) {
    const folder = folderOf(name)
    if (!unsettled.has(folder) && !kept.settled(folder)) unsettled.add(folder)
  }
  if (unsettled.size === 0) return true
  for (const [path, { encodings }] of Object.entries(kept.manifest().files)) {
    if (!unsettled.has(folderOf(path))) continue
    for (const encoding of encodings ?? []) {
      const extension = VARIANT_EXTENSIONS[encoding as Encoding] as string | undefined
      const stats = extension === undefined ? undefined : lstatSync(join(outDir, path + extension), { throwIfNoEntry: false })
      if (stats === undefined || !stats.isFile()) return false
    }
  }
  return true
}

/**
 * A rebuild that changed nothing, answered from the build cache and the kept manifest without
 * loading the static stage (`probeUnchangedBuild`); or what the probe walked and read, for the build.
 */
async function probeUnchanged(options: BuildStaticOptions, kept: KeptManifest): Promise<UnchangedProbe> {
  const { probeUnchangedBuild } = await import('../plan/unchangedBuild.ts')
  return probeUnchangedBuild(options, kept.settled)
}
