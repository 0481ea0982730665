import { statSync } from 'node:fs'
import { dirname } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'

/**
 * Fails, naming `option`, when the output folder is a file or inside one: found before the
 * build reads or writes anything there, not as a system error halfway. A folder that does not
 * exist yet is fine (it is created).
 */
export function checkOutputDir(outDir: string, option: string): void {
  for (let path = outDir; ; path = dirname(path)) {
    const stats = statOrUndefined(path)
    if (stats?.isDirectory()) return
    if (stats !== undefined) {
      const where = path === outDir ? `${outDir} is a file, not a folder` : `${outDir} is inside ${path}, which is a file`
      throw new AssetmapError('INVALID_OPTION', `${option}: ${where}. Give the folder to build into (it is created if missing).`, { value: outDir })
    }
    if (dirname(path) === path) return
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
