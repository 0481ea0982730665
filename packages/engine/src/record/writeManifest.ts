import { join } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { AssetmapError, assertManifest, MANIFEST_FILE, releaseManifestPath } from '@assetmap/runtime/internal'
import { isMissing, nodeIO, type OutputIO } from '../io/outputIO.ts'
import { stableStringify } from './stableStringify.ts'
import { fileHoldsParts } from '../io/fileHolds.ts'
import { writeFileAtomicSync } from '../io/writeFileAtomic.ts'

// The one place a manifest is written (docs/design.md invariant 4): last, once every file it
// names is written through the same `io`; atomically; the per-release copy before `assetmap.json`.

/**
 * Writes `assetmap.json` and its per-release copy `.assetmap/releases/<release>.json`, each
 * atomically, the main manifest last. Call it only once every file it names is written.
 * A file that already holds exactly this text is left as it is: a rebuild that changed nothing
 * writes nothing, and servers that follow the manifest do not reload.
 * @returns the path of `assetmap.json`.
 */
export async function writeManifest(outDir: string, manifest: Manifest, io: OutputIO = nodeIO): Promise<string> {
  // Encoded once for both files: writing the string would encode it twice.
  const bytes = Buffer.from(stableStringify(manifest))
  const path = join(outDir, MANIFEST_FILE)
  await writeIfChanged(io, releaseManifestPath(outDir, manifest.release), bytes)
  await writeIfChanged(io, path, bytes)
  return path
}

/** Writes `bytes` unless `path` holds them already. */
async function writeIfChanged(io: OutputIO, path: string, bytes: Buffer): Promise<void> {
  if (await holds(io, path, bytes)) return
  if (io.onDisk) writeFileAtomicSync(path, bytes, { makeFolder: true })
  else await io.writeFile(path, bytes)
}

/** Whether the file at `path` holds exactly `bytes` (false when there is none). */
async function holds(io: OutputIO, path: string, bytes: Buffer): Promise<boolean> {
  if (io.onDisk) return fileHoldsParts(path, [bytes])
  try {
    return bytes.equals(await io.readFile(path))
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
}

/** A manifest as read, with its exact text, to tell later whether someone replaced it. */
export interface ManifestSnapshot {
  path: string
  text: string
  manifest: Manifest
}

/** Reads and validates `assetmap.json` in `outDir`; undefined when there is none. */
export async function readManifestSnapshot(outDir: string, io: OutputIO = nodeIO): Promise<ManifestSnapshot | undefined> {
  const path = join(outDir, MANIFEST_FILE)
  let text: string
  try {
    text = Buffer.from(await io.readFile(path)).toString('utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new AssetmapError('MANIFEST_INVALID', `The manifest ${path} is not valid JSON (${(error as Error).message}). Rebuild it.`, { value: path, cause: error })
  }
  assertManifest(data, path)
  return { path, text, manifest: data }
}

/** What `updateManifest` wrote. */
export interface ManifestUpdate {
  manifest: Manifest
  /** Whether another build had replaced the manifest since `snapshot` was read. */
  changed: boolean
}

/**
 * Rewrites a manifest read earlier without rolling back a newer one: the file is read again
 * just before writing, and `change` gets what is there now, told whether it is still the
 * manifest of `snapshot`. A long task (precompressing a folder) calls this when it is done.
 */
export async function updateManifest(
  outDir: string,
  snapshot: ManifestSnapshot,
  change: (current: Manifest, changed: boolean) => Manifest,
  io: OutputIO = nodeIO,
): Promise<ManifestUpdate | undefined> {
  const current = await readManifestSnapshot(outDir, io)
  // Removed meanwhile (`assetmap clean`, a new deploy in progress): nothing to update.
  if (current === undefined) return undefined
  const changed = current.text !== snapshot.text
  const manifest = change(current.manifest, changed)
  await writeManifest(outDir, manifest, io)
  return { manifest, changed }
}
