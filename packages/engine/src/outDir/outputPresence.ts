import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** A folder's names as listed, and its change time just before: a watch lists again only folders changed since. */
export type FolderListings = Map<string, { ctimeMs: number; names: Set<string> }>

/** The output folder of a logical name or output path (a POSIX path; '' for the top): what comes before its last slash. */
export function folderOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')))
}

/** A folder's change time (ctime): adding or removing a name changes it, and no tool can set it back. */
export function folderTime(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.ctimeMs
}

/**
 * Whether files are in the output dir, by one listing per folder. Enough for files that the
 * cache names: each was complete when the cache was written, and builds create files whole
 * (originals) or under a new name (hashed files), never changing one in place. With `listings`
 * kept from the last build, a folder whose change time is unchanged is not listed again
 * (adding or removing a name changes it). Nor is a folder that `settled` vouches for.
 */
export function createPresence(outDir: string, listings: FolderListings = new Map(), settled?: (folder: string) => boolean): Presence {
  const folders = new Map<string, Set<string> | true>()
  const vouched = (folder: string): boolean => {
    const names = folders.get(folder)
    if (names !== undefined) return names === true
    if (settled?.(folder) !== true) return false
    folders.set(folder, true)
    return true
  }
  const present = (path: string): boolean => {
    const folder = folderOf(path)
    let names = vouched(folder) ? true : folders.get(folder)
    if (names === undefined) {
      const at = join(outDir, folder)
      const ctimeMs = folderTime(at)
      const known = listings.get(folder)
      if (known !== undefined && ctimeMs !== undefined && known.ctimeMs === ctimeMs) names = known.names
      else {
        names = new Set(listing(at))
        present.listed++
        if (ctimeMs === undefined) listings.delete(folder)
        else listings.set(folder, { ctimeMs, names })
      }
      folders.set(folder, names)
    }
    return names === true || names.has(path.slice(path.lastIndexOf('/') + 1))
  }
  present.listed = 0
  present.vouched = vouched
  return present
}

/** Whether a file is in the output dir; `listed` counts the folders it had to list. */
export interface Presence {
  (path: string): boolean
  listed: number
  /** Whether `settled` vouches for every file the cache names in `folder`, which is then not listed. */
  vouched(folder: string): boolean
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder)
  } catch {
    // A folder removed from the output: its files are written again.
    return []
  }
}

/**
 * Whether the output file `path` (relative to `outDir`) is there and unchanged since `since` (when
 * the build cache that names it was written): its change time is not later. Truncating it,
 * writing it in place or replacing it changes that time, which no tool can set back.
 */
export function untouchedSince(outDir: string, path: string, since: number): boolean {
  const stats = statSync(join(outDir, path), { throwIfNoEntry: false })
  return stats !== undefined && stats.ctimeMs <= since
}
