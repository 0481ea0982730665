import { resolve } from 'node:path'
import { completeBuild, type Encoding, type FollowedLink, type ShadowedFile, type StaticDirOption, type StaticSession } from '@assetmap/engine'
import { checkOutputDir } from '@assetmap/engine/internal'
import { normalizeBaseUrl } from '@assetmap/runtime/internal'
import { requireStaticFolders } from '../folderArgument.ts'
import { refuseForeignManifest } from '../foreignManifest.ts'
import type { PinnedPackages } from '../importMap/pinPackages.ts'

/** Options of `assetmap build`. */
export interface BuildCommandOptions {
  /** Static folders to hash, relative to `cwd`. */
  dirs: string[]
  /** Output folder; `assetmap.json` is written at its root. */
  out: string
  /** Prefix every logical name with this path (`vendor/x`). @default '' */
  prefix?: string
  /** Default base URL recorded in the manifest. @default '/static/' */
  base?: string
  /** Release id. @default a hash of the content */
  release?: string
  /** Fail on broken references instead of warning. @default false */
  strict?: boolean
  /** When two folders hold the same file name, use the first folder's and list the other as shadowed. @default false */
  firstWins?: boolean
  /** Write the unhashed originals beside the hashed files. @default true */
  keepOriginals?: boolean
  /**
   * Precompress the hashed files with these encodings. Unhashed originals are left alone:
   * pages never name them; `assetmap compress <out>` compresses every file.
   * @default []
   */
  compress?: readonly Encoding[]
  /**
   * Import-map mode: JS modules are hashed but their import specifiers are left as written, and
   * the manifest records the module graph for `assets.importMap()` / `{% importmap %}`. A
   * changed module then renames only itself, not every module that imports it.
   * @default false (true when `pin` is given)
   */
  importMap?: boolean
  /**
   * npm packages to map by their bare specifiers (`lit`, `lit/decorators.js`), like importmap-rails'
   * `pin`: their modules and their dependencies' are resolved from `node_modules` (needs the
   * optional peer `@jspm/generator`) and built under `vendor/`. Implies `importMap`.
   * @default []
   */
  pin?: readonly string[]
  /** Folder the paths are relative to. @default process.cwd() */
  cwd?: string
  /** Receives warnings. @default console.warn */
  onWarning?: (message: string) => void
  /** What a watch keeps between builds (`createStaticSession()` of @assetmap/engine). @default undefined */
  session?: StaticSession
  /** Receives progress. @default undefined */
  onProgress?: (phase: 'read' | 'write' | 'compress', done: number, total: number) => void
}

/** What `assetmap build` did, as printed by `--json`. */
export interface BuildSummary {
  manifest: string
  release: string
  assets: number
  bytes: number
  warnings: string[]
  /** Symbolic links followed to files or folders outside the static folders. */
  links: FollowedLink[]
  /** Files hidden by a file of the same name in an earlier folder (`firstWins`). */
  shadowed: ShadowedFile[]
  /** Files created or replaced in the output folder; a rebuild writes only what changed and what refers to it. */
  written: number
  durationMs: number
}

/** Hashes static folders into `out` and writes its manifest, like Django's `collectstatic`. */
export async function buildCommand(options: BuildCommandOptions): Promise<BuildSummary> {
  const started = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const outDir = resolve(cwd, options.out)
  requireStaticFolders(options.dirs, cwd)
  checkOutputDir(outDir, `--out ${options.out}`)
  refuseForeignManifest(outDir, options.out)
  const base = normalizeBaseUrl(options.base ?? '/static/')
  const pinned = options.pin?.length ? await pinnedFor(options.session, options.pin, cwd) : undefined
  const dirs: StaticDirOption[] = options.dirs.map((dir) => ({ dir, prefix: options.prefix ?? '' }))
  if (pinned) dirs.push({ dir: pinned.dir, prefix: pinned.prefix })
  const importMap = pinned ? { specifiers: pinned.specifiers } : options.importMap === true ? true : undefined
  const { release, manifestPath, static: result } = await completeBuild({
    outDir,
    base,
    release: options.release,
    static: {
      dirs,
      root: cwd,
      ...(importMap ? { importMap } : {}),
      ...(options.strict === undefined ? {} : { strict: options.strict }),
      ...(options.keepOriginals === undefined ? {} : { keepOriginals: options.keepOriginals }),
      ...(options.firstWins === undefined ? {} : { firstWins: options.firstWins }),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      session: options.session,
    },
    compress: options.compress,
    ...(options.onProgress ? { onCompressProgress: (done: number, total: number) => options.onProgress!('compress', done, total) } : {}),
  })
  // The static files are the manifest's files (no bundle here): counted without parsing a kept manifest.
  return { manifest: manifestPath, release, assets: result!.fileCount, bytes: result!.bytes, warnings: result!.warnings, links: result!.links, shadowed: result!.shadowed, written: result!.written, durationMs: Math.round(performance.now() - started) }
}

/** A watch's pins, resolved at its first build: its rebuilds look at the static folders, not at node_modules. */
const watchPins = new WeakMap<StaticSession, Promise<PinnedPackages>>()

function pinnedFor(session: StaticSession | undefined, pins: readonly string[], cwd: string): Promise<PinnedPackages> {
  if (session === undefined) return pinPackagesOf(pins, cwd)
  let pinned = watchPins.get(session)
  if (pinned === undefined) {
    watchPins.set(session, (pinned = pinPackagesOf(pins, cwd)))
    // A failed pin (a package not installed yet) is tried again by the next rebuild.
    pinned.catch(() => watchPins.delete(session))
  }
  return pinned
}

/** The pinned packages, staged under `node_modules/.cache/assetmap/importmap`, a folder per set of pins (kept between builds, so the build cache spares them). */
async function pinPackagesOf(pins: readonly string[], cwd: string): Promise<PinnedPackages> {
  const { pinPackages } = await import('../importMap/pinPackages.ts')
  return pinPackages(pins, { cwd, stagingDir: resolve(cwd, 'node_modules/.cache/assetmap/importmap') })
}
