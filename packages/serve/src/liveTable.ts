import type { Assets, Manifest } from '@assetmap/runtime'
import { loadReleaseManifests } from '@assetmap/runtime/internal'
import { buildFileTable, nextTurn, type FileTable, type TableSettings } from './fileTable.ts'
import type { MemoryCache } from './memoryCache.ts'

/** A file table and the memory cache its representations draw on. */
export interface ServedTable {
  table: FileTable
  cache: MemoryCache
}

/** The file table that follows `assets.reload()`, rebuilt beside the requests. */
export interface LiveTable {
  /** The newest table built, or `undefined` until the first one is. */
  readonly current: ServedTable | undefined
  /**
   * Starts building the table of the manifest `assets` holds now, unless it is built or being
   * built, and returns a promise of the table being in place (`undefined` when it already is).
   */
  refresh(): Promise<void> | undefined
}

/**
 * Keeps the file table of `assets`' manifest. The first table starts building at once; after a
 * reload, the next request starts the new one and every request keeps being answered from the
 * previous table until the new one is whole, then it is swapped in at once.
 */
export function liveTable(assets: Assets, root: string, settings: TableSettings, memoryLimit: number): LiveTable {
  let current: ServedTable | undefined
  let builtFor: Manifest | undefined
  let building: Promise<void> | undefined

  const build = async (manifest: Manifest): Promise<void> => {
    // Off the request that noticed the reload: even reading the release copies waits for the next turn.
    await nextTurn()
    const releases = loadReleaseManifests(root, (message) => settings.onWarning(`${message} Its files get the short cache.`)).filter((release) => release.release !== manifest.release)
    current = { table: await buildFileTable(manifest, root, assets.manifestPath, settings, releases), cache: { remaining: memoryLimit } }
  }

  const refresh = (): Promise<void> | undefined => {
    if (building === undefined && assets.manifest !== builtFor) {
      building = (async () => {
        // Until the table is that of the manifest held now: a reload during a build builds again.
        while (assets.manifest !== builtFor) {
          const manifest = assets.manifest
          builtFor = manifest
          try {
            await build(manifest)
          } catch (error) {
            settings.onWarning(`Could not list ${root} for release ${manifest.release} (${(error as Error).message}); still serving the files of the previous table.`)
          }
        }
      })().finally(() => {
        building = undefined
      })
    }
    return building
  }

  refresh()
  return {
    get current() {
      return current
    },
    refresh,
  }
}
