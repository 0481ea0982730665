import { readdirSync, utimesSync } from 'node:fs'
import { join } from 'node:path'

/** Sets back the modification time of every file under `dir` by `ms`, as if it had been written that long ago. */
export function ageFiles(dir: string, ms: number): void {
  const then = new Date(Date.now() - ms)
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), then, then)
}
