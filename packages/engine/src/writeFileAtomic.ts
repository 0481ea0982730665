import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

let counter = 0

/** A temp name beside `path`, unique to this process and call, hidden from folder walks (leading dot). */
export function tempPath(path: string): string {
  // node:worker_threads is loaded on first use: the plugin imports this module at start-up.
  const { threadId } = process.getBuiltinModule('node:worker_threads')
  return join(dirname(path), `.${basename(path)}.${process.pid}.${threadId}.${++counter}.tmp`)
}

/**
 * Writes a file so that readers see either the old content or the new, never a part:
 * the bytes go to a temp file in the same folder, which is then renamed over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temp = tempPath(path)
  try {
    await writeFile(temp, data)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** `writeFileAtomic` for many small files, where the promise API's overhead dominates. The folder must exist. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempPath(path)
  try {
    writeFileSync(temp, data)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}
