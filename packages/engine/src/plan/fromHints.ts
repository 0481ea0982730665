import { lstatSync } from 'node:fs'
import type { SessionRecord } from './staticSession.ts'
import type { SourceFiles } from '../walk/sourceFiles.ts'

/** The files of the last build with the changed ones stat'ed again, when every hint names one of them. */
export function fromHints(record: SessionRecord, hints: ReadonlySet<string>): SourceFiles | undefined {
  // Dangling links: what one leads to may appear outside every dir, where no watcher looks.
  if (record.aliased || record.walkReports.length > 0) return undefined
  // A copy (a few hundred KB, copied at memory speed): the last build's column stays what its
  // cache entries were made with, which is what the rebuild compares with.
  const stamps = record.stamps.copy()
  const stampedAt = Date.now()
  for (const path of hints) {
    const file = record.byPath.get(path)
    const stats = file && lstatSync(path, { throwIfNoEntry: false })
    // A removed file, a folder, a file the last walk did not see, or one that became a link (a
    // symbolic one, or a second name of another file, whose edits are reported under that name): walk again.
    if (stats === undefined || !stats.isFile() || stats.nlink > 1) return undefined
    stamps.set(file!.index, stats)
  }
  return { files: record.files, stamps, stampedAt, links: record.links, shadowed: record.shadowed, walkReports: record.walkReports, aliased: false }
}
