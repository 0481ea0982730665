import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writevSync } from 'node:fs'
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

/**
 * `writeFileAtomic` for many small files, where the promise API's overhead dominates; `data` may
 * be in parts (written with one `writev`, not joined first), or a `TextWriter` that hands a text
 * over piece by piece. The folder must exist, unless `makeFolder`.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array | readonly Uint8Array[] | TextWriter, options: { makeFolder?: boolean } = {}): void {
  if (options.makeFolder) mkdirSync(dirname(path), { recursive: true })
  const temp = tempPath(path)
  try {
    if (Array.isArray(data)) writeParts(temp, data)
    else if (typeof data === 'function') writeText(temp, data)
    else writeFileSync(temp, data as string | Uint8Array)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/** Writes a text in pieces, through `write`, so that it need not be held whole (a large JSON file). */
export type TextWriter = (write: (text: string) => void) => void

function writeText(path: string, writer: TextWriter): void {
  const fd = openSync(path, 'w')
  try {
    writer((text) => writeFileSync(fd, text))
  } finally {
    closeSync(fd)
  }
}

function writeParts(path: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(path, 'w')
  try {
    writevSync(fd, parts as Uint8Array[])
  } finally {
    closeSync(fd)
  }
}
