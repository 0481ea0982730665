import { lstatSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import { HASH_PART } from '../table/hashedName.ts'

/** A name with a content hash in it (`logo.3f9a1c2b4d5e.png`): what only a build writes, and a build never removes. */
const HASHED = new RegExp(`${HASH_PART}(\\.|$)`)

/**
 * Creates `folder` (absolute, inside `outDir`) and the folders above it. A file in the way is the
 * original of a static file that has since become a folder of the same name (`img/logo` →
 * `img/logo/dark.svg`): it is removed, as a build replaces originals. Links to folders are
 * followed, never removed. Anything else in the way (a hashed file of an earlier release, which a
 * build never removes: docs/design.md invariant 4) fails the build, saying so.
 */
export function makeOutputFolder(outDir: string, folder: string): void {
  try {
    mkdirSync(folder, { recursive: true })
    return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const inside = relative(outDir, folder)
    // Only below the output folder: what is above it, or the output folder itself, is the user's.
    if ((code !== 'EEXIST' && code !== 'ENOTDIR') || inside === '' || inside.startsWith('..') || !isFolder(outDir)) throw error
  }
  let path = outDir
  for (const segment of relative(outDir, folder).split(sep)) {
    path = join(path, segment)
    if (isFolder(path)) continue
    const stats = lstatSync(path, { throwIfNoEntry: false })
    if (stats === undefined) break
    if (!stats.isFile() || HASHED.test(segment)) {
      throw new AssetmapError('WRITE_FAILED', `Cannot create the output folder ${path}: ${stats.isFile() ? 'a hashed file of an earlier build' : 'something that is not a folder'} has that name. Rename the static folder, or remove ${path} once no deployed page needs it.`, {
        value: path,
      })
    }
    rmSync(path)
    break
  }
  mkdirSync(folder, { recursive: true })
}

/** Whether `path` is a folder, or a link to one. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
