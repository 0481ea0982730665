import { statSync, type Stats } from 'node:fs'
import { stampOf, type FileStamp } from '../cache/buildCache.ts'
import { failedAt } from '../output/writeOutputFiles.ts'
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
  /** Whether the session vouches for the output folder (it wrote it, and was told of every change since). */
  trusted: boolean
}

function stampAll(files: readonly StaticFile[]): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>()
  for (const file of files) stamps.set(file.name, stampOf(statOrFail(file.path)))
  return stamps
}

/** The files of the last build with the changed ones stat'ed again, when every hint names one of them. */
export function fromHints(record: SessionRecord, hints: ReadonlySet<string>): SourceFiles | undefined {
  const stamps = new Map(record.stamps)
  for (const path of hints) {
    const file = record.byPath.get(path)
    const stats = file && statSync(path, { throwIfNoEntry: false })
    // A removed file, a folder, or a file the last walk did not see: walk again.
    if (stats === undefined || !stats.isFile()) return undefined
    stamps.set(file!.name, stampOf(stats))
  }
  return { files: record.files, stamps, links: record.links, shadowed: record.shadowed, walkReports: record.walkReports, trusted: true }
}

/** Walks the dirs and stats every file. */
export async function walkAll(dirs: readonly ResolvedStaticDir[], firstWins: boolean): Promise<SourceFiles> {
  const links: FollowedLink[] = []
  const shadowed: ShadowedFile[] = []
  const walkReports: SessionRecord['walkReports'] = []
  const files = await walkStaticDirs(dirs, {
    firstWins,
    onOutsideLink: (link) => links.push(link),
    onShadowed: (file) => shadowed.push(file),
    onDangling({ name, link, target, reason }) {
      walkReports.push({ warning: `${name}: the link ${link} leads to ${target}, which ${reason}; skipped.`, broken: `${name} → ${target} (dangling link)` })
    },
  })
  return { files, stamps: stampAll(files), links, shadowed, walkReports, trusted: false }
}

function statOrFail(path: string): Stats {
  try {
    return statSync(path)
  } catch (error) {
    throw failedAt(path, error, 'read')
  }
}
