import { readdirSync, readFileSync, statSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { ObjectStore, StoredObject } from './objectStore.ts'

/** An output dir on disk as an object store. Temp files of interrupted atomic writes are left out. */
export function localStore(dir: string): ObjectStore & { readSync(key: string): Uint8Array } {
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
        if (!entry.isFile() || (entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) continue
        const path = join(entry.parentPath, entry.name)
        const stats = statSync(path)
        objects.set(path.slice(dir.length + 1).split(sep).join('/'), { size: stats.size, etag: undefined, lastModified: stats.mtime })
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
