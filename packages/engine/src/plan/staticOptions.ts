import type { StaticSession } from './staticSession.ts'
import type { OutputFile, StaticDirOption } from '../table/types.ts'
import type { FollowedLink, ShadowedFile } from '../table/types.ts'
import type { ImportMapOption } from '../table/importMapMode.ts'

/** Options of `buildStatic`. */
export interface BuildStaticOptions {
  /** Folders to hash: a path, or `{ dir, prefix }` to put the files under a prefix. */
  dirs: readonly StaticDirOption[]
  /** Folder the dirs are relative to. */
  root: string
  /** Where hashed files (and kept originals) are written. */
  outDir: string
  /**
   * URL path the output dir is served under; absolute references starting with it
   * (`/static/img/x.png`) resolve from the static root and keep the prefix.
   * @default '/static/'
   */
  basePath?: string
  /**
   * Also write each file unhashed under its logical name, for files that need a stable name
   * (`favicon.ico`, `robots.txt`).
   * @default true
   */
  keepOriginals?: boolean
  /**
   * Fail, listing every broken reference, instead of warning.
   * @default false
   */
  strict?: boolean
  /**
   * @deprecated No effect: the engine reads, hashes and writes in the calling thread. Writer
   * threads were measured to buy no wall time (see the collectstatic benchmark) and cost memory.
   */
  threads?: number
  /**
   * When two dirs hold a file of the same logical name, use the earlier dir's (Django's
   * override order) and list the other in `shadowed`, instead of failing with `DUPLICATE_NAME`.
   * @default false
   */
  firstWins?: boolean
  /**
   * Keep a build cache in `<outDir>/.assetmap/cache.json` and, on the next build into the same
   * folder, read, parse and hash only what changed and the files that refer to it. The output is
   * the same as a build without the cache; a cache written by another engine version or with
   * other options or dirs is ignored with a warning.
   * @default true
   */
  cache?: boolean
  /**
   * Memory kept between the builds of a watch (`createStaticSession()`): the last build's files
   * and cache stay in memory, and the cache file is written by `session.flush()`.
   * @default undefined (each build reads and writes the cache file)
   */
  session?: StaticSession | undefined
  /**
   * Import-map mode: JS modules are hashed but their module specifiers are left as written (see
   * `ImportMapOption`); `completeBuild` records the module graph in the manifest's `importMap`.
   * @default false
   */
  importMap?: boolean | ImportMapOption | undefined
  /** Receives each warning. @default console.warn */
  onWarning?: (message: string) => void
  /** Told how many files are done, per phase, for progress displays. @default undefined */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void
}

/** What `buildStatic` wrote. */
export interface StaticBuildResult {
  /** Logical name → hashed output path. */
  assets: Map<string, string>
  /** Hashed output path → size and integrity. */
  files: Map<string, OutputFile>
  /** How many hashed files there are (`files.size`: one per logical name), without making the maps of a result read from the build cache. */
  fileCount: number
  /** Size in bytes of the hashed files (`files`), summed. */
  bytes: number
  /** Every warning, also given to `onWarning`. */
  warnings: string[]
  /** Symbolic links the build followed to files or folders outside every static dir. */
  links: FollowedLink[]
  /** Files not used because an earlier dir has one of the same logical name (`firstWins`). */
  shadowed: ShadowedFile[]
  /** How many files were created or replaced in the output dir (a file already there with the right content is not written again). */
  written: number
  /**
   * Logical names whose unhashed original may have new content: those written by this build,
   * or every one when no build cache vouched for the folder. A precompressed variant beside
   * one of them may be stale.
   */
  originals: string[]
  /** Whether the build cache spared every file: this result is the last build's, and nothing was written. */
  unchanged: boolean
  /**
   * With a `session`: which of the session's builds this is (`build`, counted from 1) and, when it
   * looked only at what its watcher reported (`since`: the build before it), the logical names
   * whose output, size or integrity may differ from that build's. `assets` and `files` are then
   * that build's maps, updated in place (an entry that changed moves to the end): copy them to
   * keep a build's, and sort them for name order.
   */
  changes?: { build: number; since?: number; names?: readonly string[] } | undefined
}
