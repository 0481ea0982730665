import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { StaticDirOption } from '@assetmap/engine'

/** What a bundler in watch mode must watch so that editing, adding or removing a static file rebuilds. */
export interface StaticWatchPaths {
  /** The static dirs themselves (absolute). */
  dirs: string[]
  /** Every file under them (absolute), dot-entries skipped as the build skips them. */
  files: string[]
}

/**
 * The static dirs and their files, resolved against `root`. A dir that cannot be listed is left
 * out: the build itself reports it, with a better message.
 */
export function staticWatchPaths(dirs: readonly StaticDirOption[], root: string): StaticWatchPaths {
  const result: StaticWatchPaths = { dirs: [], files: [] }
  for (const option of dirs) {
    const dir = resolve(root, typeof option === 'string' ? option : option.dir)
    result.dirs.push(dir)
    try {
      for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
        const path = join(entry.parentPath, entry.name)
        if (!path.slice(dir.length + 1).split(/[\\/]/).some((segment) => segment.startsWith('.')) && !entry.isDirectory()) result.files.push(path)
      }
    } catch {
      // Reported by the build.
    }
  }
  return result
}
