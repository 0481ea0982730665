import { readdirSync, readFileSync, statSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { ObjectStore, StoredObject } from './objectStore.ts'

/** The name of a temp file of an atomic write (`.<name>.<pid>.<thread>.<n>.tmp`, see `tempPath` in @assetmap/engine). */
export const TEMP_FILE: RegExp = /^\..+\.\d+\.\d+\.\d+\.tmp$/

/**
 * An output dir on disk as an object store. Temp files of interrupted atomic writes are left out,
 * unless `withTempFiles` (for `clean --orphans`, which collects them).
 */
export function localStore(dir: string, { withTempFiles = false }: { withTempFiles?: boolean } = {}): ObjectStore & { readSync(key: string): Uint8Array } {
  return {
    location: dir.endsWith('/') ? dir : `${dir}/`,
    async list() {
      const objects = new Map<string, StoredObject>()
      let entries
      try {
        entries = readdirSync(dir, { recursive: true, withFileTypes: true })
      } catch {
        return objects
      }
      for (const entry of entries) {
        if (!entry.isFile() || (!withTempFiles && TEMP_FILE.test(entry.name))) continue
        const path = join(entry.parentPath, entry.name)
        // A file that vanished since the listing (a build renaming its temp files) is not there.
        const stats = statSync(path, { throwIfNoEntry: false })
        if (stats) objects.set(path.slice(dir.length + 1).split(sep).join('/'), { size: stats.size, etag: undefined, lastModified: stats.mtime })
      }
      return objects
    },
    read: (key) => readFile(join(dir, key)),
    // Comparing thousands of small files: sync reads cost far less than a promise each.
    readSync: (key) => readFileSync(join(dir, key)),
    async remove(keys) {
      for (const key of keys) await rm(join(dir, key), { force: true })
    },
  }
}
