import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { AssetmapError } from '@assetmap/runtime/internal'
import { MANIFEST_FILE, releaseManifestPath } from '@assetmap/runtime/internal'
import { CACHE_PATH } from './cacheFormat.ts'
import { readTextFile } from '../io/readTextFile.ts'
import { readStateFile } from './stateFile.ts'
import { fileIdentity } from '../io/fileIdentity.ts'
import { folderOf, folderTime } from './outputPresence.ts'
import { isRelease } from './validateRelease.ts'
import { writeFileAtomicSync } from '../io/writeFileAtomic.ts'

// What a static-only build records after writing its manifest, so that the next build, when its
// static stage spared every file, can take that manifest as it is instead of making it again: the
// options that shape the manifest, and the identity (size, mtime, inode) of the build cache and of
// `assetmap.json` as they were then. A cache written since (a build that stopped before its
// manifest) or a manifest changed since (by hand, by `assetmap compress`) no longer matches.
// It also records the change time (ctime) of the output folders, so that the next build need not
// list a folder to know that no file was added to it or removed from it since: adding or
// removing a name changes it, and unlike the modification time no program can set it back.
const STAMP_PATH = '.assetmap/manifest-stamp.json'

interface ManifestStamp {
  inputs: string
  cache: string
  manifest: string
  release: string
  /** Output folder (relative, '' for the root) → its ctime once the manifest was written; only folders last changed well before (see `SETTLED_MS`). */
  folders: Record<string, number>
}

/** The manifest of the last build, as `keptManifest` found it unchanged. */
export interface KeptManifest {
  release: string
  /** The manifest, parsed when first asked for (a rebuild that changed nothing need not). */
  manifest: () => Manifest
  /** Whether no file was added to or removed from an output folder since, by its ctime (a folder not recorded is not). */
  settled: (folder: string) => boolean
  /**
   * Records again, after a build that had to list folders not settled then, the folders settled
   * now: unless the cache or the manifest changed since they were checked (another build).
   */
  restamp: (names: Iterable<string>) => void
}

/**
 * How long before the stamp a folder's last change must be for its ctime to vouch for it. File
 * systems keep times in ticks (a few milliseconds on Linux, two seconds on FAT): a file removed
 * within the tick of the build's last write would leave the time as recorded. A folder changed
 * that recently is listed by the next build instead (git's "racy clean" entries, the same way).
 */
const SETTLED_MS = 2_500

/**
 * The manifest the last build wrote into `outDir`, when it was made from the same `inputs` and
 * neither it nor the build cache changed since; otherwise `undefined` (make it again).
 */
export function keptManifest(outDir: string, inputs: string): KeptManifest | undefined {
  // A regular file only: a FIFO or a link to a device there is no stamp.
  const file = readStateFile(join(outDir, STAMP_PATH))
  let stamp: ManifestStamp
  try {
    if (typeof file === 'string') return undefined
    stamp = JSON.parse(file.bytes.toString('utf8')) as ManifestStamp
  } catch {
    return undefined
  }
  const manifestPath = join(outDir, MANIFEST_FILE)
  if (stamp?.inputs !== inputs || stamp.cache !== fileIdentity(join(outDir, CACHE_PATH)) || stamp.manifest !== fileIdentity(manifestPath)) return undefined
  if (!isRelease(stamp.release) || fileIdentity(releaseManifestPath(outDir, stamp.release)) === undefined) return undefined
  const { folders, release } = stamp
  if (typeof folders !== 'object' || folders === null) return undefined
  let parsed: Manifest | undefined
  return {
    release,
    manifest: () => (parsed ??= readKept(manifestPath, release)),
    settled: (folder) => Object.hasOwn(folders, folder) && folderTime(join(outDir, folder)) === folders[folder],
    restamp: (names) => stampWith(outDir, { ...stamp, folders: settledFolders(outDir, names) }, stamp),
  }
}

/** The kept manifest, read when first asked for: a 2.2 MB manifest a rebuild need not read is memory it need not touch. */
function readKept(path: string, release: string): Manifest {
  const manifest = JSON.parse(readTextFile(path)) as Manifest
  if (manifest?.release !== release) {
    throw new AssetmapError('MANIFEST_INVALID', `${path} changed since the build that kept it (release ${String(manifest?.release)}, not ${release}). Build again.`, { value: path })
  }
  return manifest
}

/** Removes the stamp, after a build whose manifest the next one may not take as it is (a bundle, variants, no cache). */
export function forgetManifestStamp(outDir: string): void {
  rmSync(join(outDir, STAMP_PATH), { force: true })
}

/** Records, after the manifest is written, what `keptManifest` checks; `names` are the static files' logical names (their folders are the output's). */
export function keepManifestStamp(outDir: string, inputs: string, release: string, names: Iterable<string>): void {
  const cache = fileIdentity(join(outDir, CACHE_PATH))
  const manifest = fileIdentity(join(outDir, MANIFEST_FILE))
  // No cache (a watch writes it later): nothing to vouch for.
  if (cache === undefined || manifest === undefined) return forgetManifestStamp(outDir)
  stampWith(outDir, { inputs, cache, manifest, release, folders: settledFolders(outDir, names) })
}

/** Writes `stamp`; when `checked` is given, only if the cache and the manifest are still as it says. */
function stampWith(outDir: string, stamp: ManifestStamp, checked?: ManifestStamp): void {
  if (checked && (fileIdentity(join(outDir, CACHE_PATH)) !== checked.cache || fileIdentity(join(outDir, MANIFEST_FILE)) !== checked.manifest)) return
  writeFileAtomicSync(join(outDir, STAMP_PATH), JSON.stringify(stamp))
}

/** The change time of each output folder of `names` that changed long enough ago to vouch for it. */
function settledFolders(outDir: string, names: Iterable<string>): Record<string, number> {
  const seen = new Set<string>()
  const folders = new Map<string, number>()
  const settledBefore = Date.now() - SETTLED_MS
  for (const name of names) {
    const folder = folderOf(name)
    if (seen.has(folder)) continue
    seen.add(folder)
    const ctimeMs = folderTime(join(outDir, folder))
    if (ctimeMs !== undefined && ctimeMs < settledBefore) folders.set(folder, ctimeMs)
  }
  return Object.fromEntries(folders)
}
