import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Assets } from './types.ts'

const WATCH_DEBOUNCE_MS = 50

/**
 * Reloads `assets` whenever the manifest file is replaced. Builds write it to a temp file and
 * rename it over, so the folder is watched (the file's inode changes) and events are debounced.
 */
export function watchManifest(path: string, assets: Assets, onWarning: (message: string) => void): FSWatcher {
  let timer: NodeJS.Timeout | undefined
  const watcher = watch(dirname(path), (_event, file) => {
    if (file !== basename(path)) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      try {
        assets.reload()
      } catch (error) {
        onWarning(`${(error as Error).message.replace(/^\[assetmap\] /, '')} Still using release ${assets.manifest.release}.`)
      }
    }, WATCH_DEBOUNCE_MS)
    timer.unref()
  })
  watcher.unref()
  return watcher
}
