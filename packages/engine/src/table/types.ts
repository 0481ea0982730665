import type { ManifestFile } from '@assetmap/runtime'

/** Where a reference sits in a file and what it says. `start`/`end` bound the URL text only. */
export interface Reference {
  start: number
  end: number
  /** The URL as it reads (no quotes): exactly as written, or decoded from CSS escapes (see `offsets`). */
  value: string
  kind: 'url' | 'import' | 'module' | 'sourcemap'
  /**
   * Only for a URL written with CSS escapes (`img\ a.png`): where each character of `value` starts
   * in the file, and, last, `end`. Text inserted at one of these decodes in place.
   */
  offsets?: number[]
}

/** A static dir as the user gave it. */
export type StaticDirOption = string | { dir: string; prefix?: string }

/** One file found under a static dir. */
export interface StaticFile {
  /** Logical name: prefix + POSIX path inside the dir. Also its path in the output dir. */
  name: string
  /** Absolute path on disk. */
  readonly path: string
  /** Its position in the walk's list of files, where its stamp is in the build's `StampColumn` (set by `walkAll`). */
  index: number
}

/** Size and integrity of an output file's final bytes, when the build computed them already. */
export type OutputFile = Pick<ManifestFile, 'size' | 'integrity'>

/** A symbolic link the walk followed to a file or folder outside every static dir. */
export interface FollowedLink {
  /** Logical name of the link: the file's, or the folder's that its files are named under. */
  name: string
  /** Absolute path of the link. */
  link: string
  /** Real path of what it leads to. */
  target: string
}

/** A symbolic link that leads nowhere. */
export interface DanglingLink extends FollowedLink {
  /** Why: `does not exist` or `is a loop of links`. */
  reason: string
}

/** A file hidden by one of the same logical name in an earlier dir (`firstWins`). */
export interface ShadowedFile {
  name: string
  /** The file that is used. */
  kept: string
  /** The file that is not. */
  shadowed: string
}
