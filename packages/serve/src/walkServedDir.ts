import type { Dirent, Stats } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { basename, join, relative, sep } from 'node:path'
import { DEV_FILE, MANIFEST_FILE } from '@assetmap/runtime/internal'

/** A regular file the server may send. */
export interface ServableFile {
  /** Absolute real path to open: no symlink anywhere in it. */
  path: string
  stats: Stats
}

/** File names never served, at any depth: a manifest names every file and the dev server's address. */
const NOT_SERVED = new Set([MANIFEST_FILE, DEV_FILE])
// File-system calls in flight at once: enough to keep the thread pool busy, few enough that a
// request's own open and read never queue behind thousands of them.
const CONCURRENCY = 32

/** Whether a path relative to the root is hidden: a dotfile, anything in a dot-folder, or a manifest. */
function isHidden(relativePath: string): boolean {
  return relativePath.split(sep).some((segment) => segment.startsWith('.')) || NOT_SERVED.has(basename(relativePath))
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * Every file under `root` that may be served, by POSIX path relative to it. Dotfiles,
 * dot-folders, manifests (`assetmap.json` at any depth, and `manifestPath` whatever its name)
 * are left out, and so is a symlink whose target is outside `root` or is itself one of those:
 * the rules apply to what a link points at as well as to its name.
 *
 * Asynchronous and tolerant: the walk never blocks the event loop, and a file or folder that
 * vanishes while it runs (a deploy's `rsync --delete`, `assetmap clean`) is simply not listed.
 */
export async function walkServedDir(root: string, manifestPath: string | undefined, onWarning: (message: string) => void): Promise<Map<string, ServableFile>> {
  const files = new Map<string, ServableFile>()
  let realRoot: string
  try {
    realRoot = await realpath(root)
  } catch {
    // In dev mode nothing may be built yet: serve nothing rather than fail the app's start.
    onWarning(`${root} does not exist (yet): nothing is served from it. Run the build.`)
    return files
  }
  const realManifest = manifestPath === undefined ? undefined : await realpath(manifestPath).catch(() => undefined)

  const visit = async (path: string, entry: Dirent): Promise<void> => {
    const key = path.slice(realRoot.length + 1).split(sep).join('/')
    if (entry.isFile()) {
      const stats = await lstat(path)
      // Checked again: the entry may have been replaced since the folder was listed.
      if (stats.isFile() && path !== realManifest) files.set(key, { path, stats })
      return
    }
    if (!entry.isSymbolicLink()) return
    const target = await realpath(path)
    if (!target.startsWith(realRoot + sep)) {
      onWarning(`${path} links outside ${realRoot} (to ${target}); it is not served.`)
      return
    }
    if (isHidden(relative(realRoot, target)) || target === realManifest) {
      onWarning(`${path} links to ${target}, a dotfile or a manifest; it is not served.`)
      return
    }
    const stats = await stat(target)
    if (stats.isFile()) files.set(key, { path: target, stats })
  }

  // Folders first, one after the other (a few hundred readdirs), then their entries by a fixed
  // number of workers: no promise per file waits in a queue, and the garbage stays small.
  const folders = [realRoot]
  const entries: [string, Dirent][] = []
  for (let index = 0; index < folders.length; index++) {
    const dir = folders[index]!
    let listed: Dirent[]
    try {
      listed = await readdir(dir, { withFileTypes: true })
    } catch (error) {
      if (!isMissing(error)) onWarning(`Cannot list ${dir} (${(error as NodeJS.ErrnoException).code}); its files are not served.`)
      continue
    }
    for (const entry of listed) {
      if (entry.name.startsWith('.') || NOT_SERVED.has(entry.name)) continue
      if (entry.isDirectory()) folders.push(join(dir, entry.name))
      else entries.push([join(dir, entry.name), entry])
    }
  }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const [path, entry] = entries[next++]!
      try {
        await visit(path, entry)
      } catch (error) {
        if (!isMissing(error)) onWarning(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code}); it is not served.`)
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return files
}
