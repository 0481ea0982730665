import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'

/**
 * Checks that a folder the command line names is one, before any work starts, and returns its
 * absolute path. Checked here, not where the folder is read, so the message names the argument
 * as the user typed it (`static folder nosuch`, `--templates nosuch`) and says what to give.
 * @param role What the folder is to the command, e.g. `static folder`, `--templates`.
 * @param remedy What to give instead, ending the message.
 * @throws AssetmapError `INVALID_OPTION` when nothing is there or it is not a folder.
 */
export function requireFolder(given: string, cwd: string, role: string, remedy: string): string {
  const path = resolve(cwd, given)
  const stats = statSync(path, { throwIfNoEntry: false })
  if (stats === undefined) throw new AssetmapError('INVALID_OPTION', `${role} ${given} does not exist (${path}): ${remedy}.`, { value: given })
  if (!stats.isDirectory()) throw new AssetmapError('INVALID_OPTION', `${role} ${given} is a file, not a folder: ${remedy}.`, { value: given })
  return path
}

/** The static folders of `assetmap build`, each checked by {@link requireFolder}. */
export function requireStaticFolders(dirs: readonly string[], cwd: string): void {
  for (const dir of dirs) requireFolder(dir, cwd, 'static folder', 'give build the folders to hash, relative to the current folder')
}
