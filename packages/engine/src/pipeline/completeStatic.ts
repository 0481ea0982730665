import { join } from 'node:path'
import type { StaticBuildResult } from '../static/buildStatic.ts'
import { writeManifestParts } from '../writeManifest.ts'
import { forgetManifestStamp, keepManifestStamp } from './keptManifest.ts'
import { removeStaleVariants } from './removeStaleVariants.ts'
import type { SessionBuild } from './sessionManifest.ts'
import { encodeStaticManifest } from './staticManifest.ts'

/** What `completeStatic` wrote. */
export interface StaticCompletion {
  release: string
  manifestPath: string
  removedVariants: string[]
}

/**
 * The end of `completeBuild` for a static-only build (no bundle, no precompression) that no
 * session's kept manifest answers: the manifest encoded straight from the static stage's records
 * (`encodeStaticManifest`) and written last (docs/design.md invariant 4), with no `Manifest`
 * object made. `undefined`, before anything is removed or written, when a record is invalid: make the manifest
 * with `createManifest`, which says why.
 */
export async function completeStatic(build: SessionBuild, result: StaticBuildResult): Promise<StaticCompletion | undefined> {
  const encoded = encodeStaticManifest({ ...build, assets: result.assets, files: result.files })
  if (encoded === undefined) return undefined
  const { io, outDir } = build
  // Hashed static files are content-addressed: only an original may have a stale variant beside it.
  const removedVariants = await removeStaleVariants({ io, outDir, written: result.originals, bytes: (path) => io.readFile(join(outDir, path)), fresh: new Map() })
  const manifestPath = await writeManifestParts(outDir, encoded.release, encoded.parts, io)
  if (build.stampInputs !== undefined && io.onDisk) keepManifestStamp(outDir, build.stampInputs, encoded.release, result.assets.keys())
  else if (io.onDisk) forgetManifestStamp(outDir)
  return { release: encoded.release, manifestPath, removedVariants }
}
