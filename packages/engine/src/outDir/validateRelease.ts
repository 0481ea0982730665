import { AssetmapError } from '@assetmap/runtime/internal'

const RELEASE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** Whether `release` is a valid release id (a file name under `.assetmap/releases/`). */
export function isRelease(release: unknown): release is string {
  return typeof release === 'string' && RELEASE.test(release)
}

/** Checks a user-given release id; it becomes a file name under `.assetmap/releases/`. */
export function validateRelease(release: string): string {
  if (!isRelease(release)) {
    throw new AssetmapError('INVALID_OPTION', `Invalid release ${JSON.stringify(release)}: use 1-64 characters of A-Z a-z 0-9 . _ - (a git sha works).`, {
      value: release,
    })
  }
  return release
}
