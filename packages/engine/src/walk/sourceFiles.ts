import { statSync, type Stats } from 'node:fs'
import { isAbsolute, relative, sep } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import { HASH_LENGTH, HASH_PART, hashedName, hashPosition } from '../table/hashedName.ts'
import { failedAt } from '../io/failedAt.ts'
import type { StaticFile } from '../table/types.ts'
import { StampColumn } from '../table/stampColumn.ts'
import { walkStaticDirs, type ResolvedStaticDir } from './walkStaticDirs.ts'
import type { FollowedLink, ShadowedFile } from '../table/types.ts'

/** A dangling link the walk found: warned about, and listed among broken references, on each build. */
export interface WalkReport {
  warning: string
  broken: string
}

/** The walk's findings and each file's stamp: from the last build when a session says only known files changed. */
export interface SourceFiles {
  files: StaticFile[]
  /** Each file's stamp, at its `index`. */
  stamps: StampColumn
  /** When the files were stat'ed (`Date.now()` before the first): a stamp this recent may hide an edit (`StampColumn.forgetRacy`). */
  stampedAt: number
  links: FollowedLink[]
  shadowed: ShadowedFile[]
  walkReports: WalkReport[]
  /**
   * Whether a file may be reached under more than one path (the walk followed a symbolic link, or
   * a file has other hard links): a watcher reports the path that was written, not the others, so
   * a rebuild must stat every file.
   */
  aliased: boolean
}

/** Numbers the files by their position and stats each. */
function stampAll(files: readonly StaticFile[]): { stamps: StampColumn; hardLinked: boolean } {
  const stamps = new StampColumn(files.length)
  let hardLinked = false
  for (const [index, file] of files.entries()) {
    const stats = statOrFail(file.path)
    if (stats.nlink > 1) hardLinked = true
    file.index = index
    stamps.set(index, stats)
  }
  return { stamps, hardLinked }
}

/** Walks the dirs and stats every file; the output folder (`outDir`) must not be among them. */
export async function walkAll(dirs: readonly ResolvedStaticDir[], firstWins: boolean, outDir: string): Promise<SourceFiles> {
  refuseOutputInside(dirs, outDir)
  const links: FollowedLink[] = []
  const shadowed: ShadowedFile[] = []
  const walkReports: WalkReport[] = []
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
  refuseLookalikes(files)
  const stampedAt = Date.now()
  const { stamps, hardLinked } = stampAll(files)
  return { files, stamps, stampedAt, links, shadowed, walkReports, aliased: followed || hardLinked }
}

function statOrFail(path: string): Stats {
  try {
    return statSync(path)
  } catch (error) {
    throw failedAt(path, error, 'read')
  }
}

/**
 * Fails when a source is named like another's hashed copy (`logo.3f9a1c2b4d5e.png` beside
 * `logo.png`): the two could be written under one name in the output, the original of one over
 * the hashed file of the other. It is most often a build's output copied into a static folder.
 */
function refuseLookalikes(files: readonly StaticFile[]): void {
  // Names with a hash-like part are few: the map of every name is made only when there is one.
  const candidates = files.filter((file) => hashLikeAt(file.name) !== undefined)
  if (candidates.length === 0) return
  const byName = new Map(files.map((file) => [file.name, file]))
  for (const file of candidates) {
    const original = unhashedName(file.name, byName)
    if (original === undefined) continue
    throw new AssetmapError(
      'DUPLICATE_NAME',
      `${file.path} is named like the hashed copy of ${byName.get(original)!.path} ("${file.name}"): the two could be written under one name in the output. Rename it, or remove it if it is a copy of a build's output (is an output folder inside a static folder?).`,
      { value: file.name },
    )
  }
}

/** The name `name` would be the hashed copy of (`logo.3f9a1c2b4d5e.png` of `logo.png`), when that is a file too. */
function unhashedName(name: string, names: ReadonlyMap<string, StaticFile>): string | undefined {
  const start = hashLikeAt(name)
  if (start === undefined) return undefined
  const at = start + HASH_LENGTH + 1
  const original = name.slice(0, start) + name.slice(at)
  return names.has(original) && hashedName(original, name.slice(start + 1, at)) === name ? original : undefined
}

/** Where `.<hash>` would start in `name` if it were a hashed name (`hashedName`'s place for it), when what is there looks like one. */
function hashLikeAt(name: string): number | undefined {
  const start = hashPosition(name) - HASH_LENGTH - 1
  return start >= 0 && HASH.test(name.slice(start, start + HASH_LENGTH + 1)) ? start : undefined
}

const HASH = new RegExp(`^${HASH_PART}$`)

/**
 * Fails when the output folder is a static folder or inside one (and not under a dot-folder,
 * which the walk skips): each build would take the last one's output for sources.
 */
function refuseOutputInside(dirs: readonly ResolvedStaticDir[], outDir: string): void {
  for (const { dir } of dirs) {
    const inside = relative(dir, outDir)
    if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).some((segment) => segment.startsWith('.'))) continue
    const where = inside === '' ? 'is the static folder' : `is inside the static folder ${dir}`
    throw new AssetmapError('INVALID_OPTION', `static: the output folder ${outDir} ${where}: each build would take the last one's output for sources. Build into a folder outside the static folders.`, {
      value: outDir,
    })
  }
}
