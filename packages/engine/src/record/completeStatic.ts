import { join } from 'node:path'
import type { StaticBuildResult } from '../plan/staticOptions.ts'
import type { StaticSession } from '../plan/staticSession.ts'
import { writeManifestParts, type WrittenManifests } from './writeManifest.ts'
import { forgetManifestStamp, keepManifestStamp } from '../outDir/manifestStamp.ts'
import type { OutputIO } from '../io/outputIO.ts'
import { removeStaleVariants } from '../compress/removeStaleVariants.ts'
import { encodeStaticManifest } from './staticManifest.ts'

/** What the end of `completeBuild` needs of a static-only build (no bundle, no precompression). */
export interface StaticBuild {
  io: OutputIO
  outDir: string
  session: StaticSession | undefined
  /** Normalized. */
  base: string
  pinnedBase: string | undefined
  /** Validated (`completeBuild` checks it before anything is written); derived from the content when `undefined`. */
  release: string | undefined
  /** What `keepManifestStamp` records, when the build keeps a cache; `undefined` otherwise. */
  stampInputs: string | undefined
}

/** What the end of a static-only build wrote. */
export interface StaticCompletion {
  release: string
  manifestPath: string
  removedVariants: string[]
}

/**
 * The end of `completeBuild` for a static-only build that no session's kept manifest answers:
 * the manifest encoded straight from the static stage's records (`encodeStaticManifest`), with no
 * `Manifest` object made. `undefined`, before anything is removed or written, when a record is
 * invalid: make the manifest with `createManifest`, which says why.
 */
export async function completeStatic(build: StaticBuild, result: StaticBuildResult): Promise<StaticCompletion | undefined> {
  const encoded = encodeStaticManifest({ ...build, assets: result.assets, files: result.files })
  if (encoded === undefined) return undefined
  return { release: encoded.release, ...(await writeStaticManifest(build, result, encoded.release, encoded.parts)) }
}

/**
 * Removes the variants a rewritten original made stale, then writes a static-only build's
 * manifest (its bytes in `parts`) last (docs/design.md invariant 4), and stamps it for the next
 * build to keep, or forgets the stamp.
 */
export async function writeStaticManifest(
  build: StaticBuild,
  result: StaticBuildResult,
  release: string,
  parts: readonly Buffer[],
  written?: WrittenManifests,
): Promise<Omit<StaticCompletion, 'release'>> {
  const { io, outDir } = build
  // Hashed static files are content-addressed: only an original may have a stale variant beside it.
  const removedVariants = await removeStaleVariants({ io, outDir, written: result.originals, bytes: (path) => io.readFile(join(outDir, path)), fresh: new Map() })
  const manifestPath = await writeManifestParts(outDir, release, parts, io, written)
  if (io.onDisk && build.stampInputs !== undefined) keepManifestStamp(outDir, build.stampInputs, release, result.assets.keys())
  else if (io.onDisk) forgetManifestStamp(outDir)
  return { manifestPath, removedVariants }
}
