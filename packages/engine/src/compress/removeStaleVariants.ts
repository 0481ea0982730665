import { basename, join } from 'node:path'
import { VARIANT_EXTENSIONS, type Encoding } from './encodings.ts'
import type { OutputIO } from '../io/outputIO.ts'
import { folderOf } from '../outDir/outputPresence.ts'

/** What `removeStaleVariants` looks at. */
export interface StaleVariantCheck {
  io: OutputIO
  outDir: string
  /** Files this build wrote (relative paths) whose content may differ from an earlier build's. */
  written: Iterable<string>
  /** The current bytes of a written file. */
  bytes(path: string): Promise<Uint8Array>
  /** Variants this build wrote or checked already, per file. */
  fresh: ReadonlyMap<string, readonly Encoding[]>
}

/**
 * Removes every precompressed variant beside a file the build (re)wrote that does not decode to
 * the file's current bytes, so a server never sends the old content of a replaced file. A
 * variant that still matches (the file did not change) is kept. One folder listing per folder;
 * only files that have a variant are read.
 * @returns the relative paths of the removed variants.
 */
export async function removeStaleVariants(check: StaleVariantCheck): Promise<string[]> {
  const byFolder = new Map<string, string[]>()
  for (const path of check.written) {
    // Not `dirname`: a loop in JavaScript, over 10,000 paths on a cold build (`''` joins as `.` does).
    const folder = folderOf(path)
    const list = byFolder.get(folder)
    if (list) list.push(path)
    else byFolder.set(folder, [path])
  }
  const removed: string[] = []
  const checkFile = async (path: string, names: ReadonlySet<string>): Promise<void> => {
    const fresh = check.fresh.get(path) ?? []
    const stale = (Object.entries(VARIANT_EXTENSIONS) as [Encoding, string][]).filter(
      ([encoding, extension]) => !fresh.includes(encoding) && names.has(basename(path) + extension),
    )
    if (stale.length === 0) return
    const bytes = Buffer.from(await check.bytes(path))
    for (const [encoding, extension] of stale) {
      const variant = join(check.outDir, path + extension)
      if (await decodesTo(check.io, variant, encoding, bytes)) continue
      await check.io.removeFile(variant)
      removed.push(path + extension)
    }
  }
  for (const [folder, paths] of byFolder) {
    const listing = await check.io.readdir(join(check.outDir, folder))
    // Only files with a variant beside them are checked, found from the listing: most folders have none (a first build's never do).
    const varied = new Set<string>()
    for (const name of listing) for (const extension of EXTENSIONS) if (name.endsWith(extension)) varied.add(name.slice(0, -extension.length))
    if (varied.size === 0) continue
    const names = new Set(listing)
    const checked = paths.filter((path) => varied.has(basename(path)))
    // A few files at a time: a rebuild beside a compressed folder checks thousands of variants.
    for (let start = 0; start < checked.length; start += CONCURRENCY) {
      await Promise.all(checked.slice(start, start + CONCURRENCY).map((path) => checkFile(path, names)))
    }
  }
  return removed
}

const CONCURRENCY = 16
const EXTENSIONS = Object.values(VARIANT_EXTENSIONS)

async function decodesTo(io: OutputIO, variant: string, encoding: Encoding, bytes: Buffer): Promise<boolean> {
  // Loaded only when a variant is there to check: most builds have none beside a rewritten file.
  const { decompressBytes } = await import('./compressBytes.ts')
  try {
    return decompressBytes(await io.readFile(variant), encoding).equals(bytes)
  } catch {
    // Unreadable, corrupt, or an encoding this Node cannot decode: not known to match, so it goes.
    return false
  }
}
