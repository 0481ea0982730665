import { existsSync } from 'node:fs'
import { AssetmapError } from './AssetmapError.ts'
import { loadReleaseIds, releaseManifestPath } from './releases.ts'

/** The per-release copy of a pinned release, or an error that lists the releases there are. */
export function pinnedManifestPath(outDir: string, release: string): string {
  const path = releaseManifestPath(outDir, release)
  if (/[\\/]|^\.\.?$/.test(release) || !existsSync(path)) {
    const known = loadReleaseIds(outDir)
    throw new AssetmapError(
      'MANIFEST_NOT_FOUND',
      `No manifest for release ${JSON.stringify(release)} at ${path} (from the release option or ASSETMAP_RELEASE). ` +
        (known.length > 0 ? `Releases there: ${known.join(', ')}.` : 'No release is kept there: build and deploy that release first.'),
      { value: release },
    )
  }
  return path
}
