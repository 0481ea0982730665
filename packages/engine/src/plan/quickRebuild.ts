import { join } from 'node:path'
import type { OutputFile } from '../table/types.ts'
import { type CachedFile } from '../outDir/cacheFormat.ts'
import { folderTime, type FolderListings } from '../outDir/outputPresence.ts'
import type { SessionRecord } from './staticSession.ts'
import type { StaticFile } from '../table/types.ts'

/**
 * The files a watch's rebuild cannot take from the last build: those reported changed, and those
 * of output folders changed since their last listing that lost an output (deleted by hand).
 * `reusable` gives a file's last entry when its source and outputs are as it left them.
 */
export function staleFiles(record: SessionRecord, hints: Iterable<string>, outDir: string, listings: FolderListings, reusable: (file: StaticFile) => CachedFile | undefined): Set<string> {
  const stale = new Set<string>()
  // Folders first: looking at a reported file lists its folder again, and the others in it are then looked at too.
  for (const [folder, members] of record.layout.folders) {
    // A folder whose change time is the one it had when last listed still has those names.
    const ctimeMs = folderTime(join(outDir, folder))
    if (ctimeMs !== undefined && listings.get(folder)?.ctimeMs === ctimeMs) continue
    for (const file of members) if (reusable(file) === undefined) stale.add(file.name)
  }
  for (const path of hints) {
    const file = record.byPath.get(path)!
    if (!stale.has(file.name) && reusable(file) === undefined) stale.add(file.name)
  }
  return stale
}

/**
 * The last build's result maps, updated in place for the files a rebuild replaced (`replaced`:
 * name → its entry before): the rest are as that build left them.
 */
export function updateResultMaps(record: SessionRecord, replaced: ReadonlyMap<string, CachedFile | undefined>): { assets: Map<string, string>; outputs: Map<string, OutputFile> } {
  const { assets, outputs, cache } = record
  for (const [name, before] of replaced) {
    const { output, outputSize: size, integrity } = cache.get(name)!
    if (before !== undefined && before.output !== output) outputs.delete(before.output)
    assets.set(name, output)
    outputs.set(output, { size, integrity })
  }
  return { assets, outputs }
}
