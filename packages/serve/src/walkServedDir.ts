import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs'
import { join, sep } from 'node:path'

/** A regular file the server may send. */
export interface ServableFile {
  /** Absolute path to open. */
  path: string
  stats: Stats
}

/**
 * Every file under `root` that may be served, by POSIX path relative to it. Dotfiles and
 * dot-folders are left out, and so is a symlink whose target is outside `root`, so nothing
 * outside can ever be opened, whatever URL is asked.
 */
export function walkServedDir(root: string, onWarning: (message: string) => void): Map<string, ServableFile> {
  const files = new Map<string, ServableFile>()
  let realRoot: string
  try {
    realRoot = realpathSync(root)
  } catch {
    // In dev mode nothing may be built yet: serve nothing rather than fail the app's start.
    onWarning(`${root} does not exist (yet): nothing is served from it. Run the build.`)
    return files
  }
  for (const entry of readdirSync(realRoot, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name)
    const relative = path.slice(realRoot.length + 1).split(sep).join('/')
    if (relative.split('/').some((segment) => segment.startsWith('.'))) continue
    if (entry.isFile()) {
      files.set(relative, { path, stats: statSync(path) })
    } else if (entry.isSymbolicLink()) {
      let target: string
      try {
        target = realpathSync(path)
      } catch {
        continue
      }
      if (!target.startsWith(realRoot + sep)) {
        onWarning(`${path} links outside ${realRoot} (to ${target}); it is not served.`)
        continue
      }
      const stats = statSync(target)
      if (stats.isFile()) files.set(relative, { path: target, stats })
    }
  }
  return files
}
