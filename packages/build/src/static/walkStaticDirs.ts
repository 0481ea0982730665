import { readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import type { StaticDirOption, StaticFile } from './types.ts'

/** A static dir with its prefix checked and its path made absolute. */
export interface ResolvedStaticDir {
  dir: string
  prefix: string
}

/** Validates the `static` option: each dir exists relative to `root`, each prefix stays inside the output. */
export function resolveStaticDirs(dirs: readonly StaticDirOption[], root: string): ResolvedStaticDir[] {
  return dirs.map((option) => {
    const { dir, prefix = '' } = typeof option === 'string' ? { dir: option } : option
    if (typeof dir !== 'string' || dir === '') throw new AssetmapError('INVALID_OPTION', `static: each entry needs a "dir" (found ${JSON.stringify(option)}).`, { value: option })
    const clean = prefix.replace(/^\/+|\/+$/g, '')
    if (clean.split('/').some((segment) => segment === '..' || segment === '.') || /[\\\0]/.test(clean)) {
      throw new AssetmapError('INVALID_OPTION', `static: prefix ${JSON.stringify(prefix)} of ${dir} must be a plain relative path like "vendor/bootstrap".`, { value: prefix })
    }
    return { dir: resolve(root, dir), prefix: clean }
  })
}

/** Files under `dir`, named `<base><relative path>`; dot-entries and symlinked folders are skipped. */
function filesUnder(dir: string, base: string, found: StaticFile[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) filesUnder(path, `${base}${entry.name}/`, found)
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) found.push({ name: base + entry.name, path })
  }
}

/**
 * Every file under the static dirs with its logical name (prefix + POSIX path). Dotfiles and
 * dot-folders are skipped. Two files with one logical name are an error that names both.
 */
export async function walkStaticDirs(dirs: readonly ResolvedStaticDir[]): Promise<StaticFile[]> {
  const byName = new Map<string, StaticFile>()
  for (const { dir, prefix } of dirs) {
    // Synchronous: one readdir per folder, where the promise API costs several times the work.
    const found: StaticFile[] = []
    try {
      filesUnder(dir, prefix ? `${prefix}/` : '', found)
    } catch (error) {
      throw new AssetmapError('INVALID_OPTION', `static: cannot read the folder ${dir} (${(error as NodeJS.ErrnoException).code}). Check the path, relative to the project root.`, {
        value: dir,
        cause: error,
      })
    }
    for (const file of found.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const other = byName.get(file.name)
      if (other) {
        throw new AssetmapError('DUPLICATE_NAME', `Two static files map to the logical name "${file.name}": ${other.path} and ${file.path}. Give one of the dirs a prefix.`, {
          value: file.name,
        })
      }
      byName.set(file.name, file)
    }
  }
  return [...byName.values()]
}
