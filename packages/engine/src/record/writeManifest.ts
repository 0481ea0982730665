import { join } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { AssetmapError, assertManifest, MANIFEST_FILE, releaseManifestPath } from '@assetmap/runtime/internal'
import { isMissing, nodeIO, type OutputIO } from '../io/outputIO.ts'
import { stableStringify } from './stableStringify.ts'
import { fileHoldsParts } from '../io/fileHolds.ts'
import { fileIdentity } from '../io/fileIdentity.ts'
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
  return writeManifestParts(outDir, manifest.release, [Buffer.from(stableStringify(manifest))], io)
}

/**
 * What a watch knows of the manifest files it wrote: path → their identity (size, times, inode)
 * and content as it left them. A file with that identity still holds that content, so it is not
 * read again to tell whether it needs writing; a file replaced since (by hand, by another build)
 * has another identity and is compared as it is.
 */
export type WrittenManifests = Map<string, { identity: string; parts: readonly Buffer[] }>

/**
 * `writeManifest` of a manifest's bytes (`stableStringify(manifest)` encoded, or what a session
 * kept of it, in parts that are written as they are), trusting what `written` records and
 * recording what it leaves on disk.
 */
export async function writeManifestParts(outDir: string, release: string, parts: readonly Buffer[], io: OutputIO = nodeIO, written?: WrittenManifests): Promise<string> {
  let whole: Buffer | undefined
  const content = { parts, whole: () => (whole ??= parts.length === 1 ? parts[0]! : Buffer.concat(parts)) }
  const copy = releaseManifestPath(outDir, release)
  const path = join(outDir, MANIFEST_FILE)
  await writeIfChanged(io, copy, content, written)
  await writeIfChanged(io, path, content, written)
  if (written) for (const known of written.keys()) if (known !== copy && known !== path) written.delete(known)
  return path
}

interface Content {
  parts: readonly Buffer[]
  /** The parts joined (made only when needed). */
  whole(): Buffer
}

/** Writes `content` unless `path` holds it already. */
async function writeIfChanged(io: OutputIO, path: string, content: Content, written: WrittenManifests | undefined): Promise<void> {
  const known = written && io.onDisk ? written.get(path) : undefined
  const trusted = known !== undefined && known.identity === fileIdentity(path)
  if (trusted ? !sameParts(known.parts, content.parts) : !(await holds(io, path, content))) {
    if (io.onDisk && content.parts.length > 1) writeFileAtomicSync(path, content.parts, { makeFolder: true })
    else await io.writeFile(path, content.whole())
  }
  if (written === undefined || !io.onDisk) return
  const now = fileIdentity(path)
  if (now === undefined) written.delete(path)
  else written.set(path, { identity: now, parts: content.parts })
}

/** Whether two lists of parts hold the same bytes (parts a session kept are the same objects). */
function sameParts(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  let length = 0
  for (const part of a) length -= part.length
  for (const part of b) length += part.length
  if (length !== 0) return false
  // Cut in the same places: the same bytes only if each part is.
  if (a.length === b.length && a.every((part, index) => part.length === b[index]!.length)) return a.every((part, index) => part === b[index] || part.equals(b[index]!))
  return Buffer.concat(a).equals(Buffer.concat(b))
}

/** Whether the file at `path` holds exactly `content` (false when there is none). */
async function holds(io: OutputIO, path: string, content: Content): Promise<boolean> {
  if (io.onDisk) return fileHoldsParts(path, content.parts)
  try {
    return content.whole().equals(await io.readFile(path))
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
