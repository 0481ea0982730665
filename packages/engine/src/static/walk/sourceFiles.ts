import { statSync, type Stats } from 'node:fs'
import { stampOf, type FileStamp } from '../cache/buildCache.ts'
import { failedAt } from '../output/failedAt.ts'
import type { SessionRecord } from '../staticSession.ts'
import type { StaticFile } from '../types.ts'
import { walkStaticDirs, type FollowedLink, type ResolvedStaticDir, type ShadowedFile } from './walkStaticDirs.ts'

/** The walk's findings and each file's stamp: from the last build when a session says only known files changed. */
export interface SourceFiles {
  files: StaticFile[]
  stamps: Map<string, FileStamp>
  links: FollowedLink[]
  shadowed: ShadowedFile[]
  walkReports: SessionRecord['walkReports']
  /**
   * Whether a file may be reached under more than one path (the walk followed a symbolic link, or
   * a file has other hard links): a watcher reports the path that was written, not the others, so
   * a rebuild must stat every file.
   */
  aliased: boolean
}

function stampAll(files: readonly StaticFile[]): { stamps: Map<string, FileStamp>; hardLinked: boolean } {
  const stamps = new Map<string, FileStamp>()
  let hardLinked = false
  for (const file of files) {
    const stats = statOrFail(file.path)
    if (stats.nlink > 1) hardLinked = true
    stamps.set(file.name, stampOf(stats))
  }
  return { stamps, hardLinked }
}

/** The files of the last build with the changed ones stat'ed again, when every hint names one of them. */
export function fromHints(record: SessionRecord, hints: ReadonlySet<string>): SourceFiles | undefined {
  if (record.aliased) return undefined
  // Updated in place (a copy costs as much as the rest of a one-file rebuild): the last build's
  // cache entries keep their own stamps, and a failed build makes the session forget the record.
  const stamps = record.stamps
  for (const path of hints) {
    const file = record.byPath.get(path)
    const stats = file && statSync(path, { throwIfNoEntry: false })
    // A removed file, a folder, or a file the last walk did not see: walk again.
    if (stats === undefined || !stats.isFile()) return undefined
    stamps.set(file!.name, stampOf(stats))
  }
  return { files: record.files, stamps, links: record.links, shadowed: record.shadowed, walkReports: record.walkReports, aliased: false }
}

/** Walks the dirs and stats every file. */
export async function walkAll(dirs: readonly ResolvedStaticDir[], firstWins: boolean): Promise<SourceFiles> {
  const links: FollowedLink[] = []
  const shadowed: ShadowedFile[] = []
  const walkReports: SessionRecord['walkReports'] = []
  let followed = false
  const files = await walkStaticDirs(dirs, {
    firstWins,
    onFollow: () => (followed = true),
    onOutsideLink: (link) => links.push(link),
    onShadowed: (file) => shadowed.push(file),
    onDangling({ name, link, target, reason }) {
      walkReports.push({ warning: `${name}: the link ${link} leads to ${target}, which ${reason}; skipped.`, broken: `${name} → ${target} (dangling link)` })
    },
  })
  const { stamps, hardLinked } = stampAll(files)
  return { files, stamps, links, shadowed, walkReports, aliased: followed || hardLinked }
}

function statOrFail(path: string): Stats {
  try {
    return statSync(path)
  } catch (error) {
    throw failedAt(path, error, 'read')
  }
}
