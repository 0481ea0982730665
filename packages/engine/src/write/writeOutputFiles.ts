import { createHash } from 'node:crypto'
import { closeSync, linkSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync, writevSync } from 'node:fs'
import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import { tempPath, writeFileAtomicSync } from '../io/writeFileAtomic.ts'
import { failedAt } from '../io/failedAt.ts'
import { fileHoldsParts } from '../io/fileHolds.ts'
import type { Pieces } from '../hash/applyEdits.ts'
import { contentDigest, digestOf, type ContentDigest } from '../hash/contentDigest.ts'
import { hashedName } from '../table/hashedName.ts'

/** One hashed file for the output dir: content-addressed, written once and never changed. */
export interface WriteJob {
  /** Path relative to the output dir. */
  path: string
  bytes: Pieces
  /** A stable name to give the same bytes (the unhashed original), replaced atomically. */
  alias?: string | undefined
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset)
}

/** Writes the pieces with one call, finishing piece by piece if the system writes less. */
function writePieces(fd: number, pieces: Pieces): void {
  const written = pieces.length === 1 ? 0 : writevSync(fd, pieces as Uint8Array[])
  let offset = 0
  for (const piece of pieces) {
    const end = offset + piece.byteLength
    if (end > written) writeAll(fd, piece.subarray(Math.max(0, written - offset)))
    offset = end
  }
}

/**
 * Writes a content-addressed file unless it is already there. A new file is written in place:
 * no manifest names it until it is complete (the manifest is written last), and a file cut short
 * by a crash has the wrong size, so the next build replaces it.
 */
function writeHashedFile(path: string, pieces: Pieces): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // Checked, not trusted by its size: a hashed file shares its bytes with its original (a hard
    // link), which a script or an editor may have written in place. Compared and written in parts, never joined.
    if (fileHoldsParts(path, pieces)) return false
    writeFileAtomicSync(path, pieces)
    return true
  }
  try {
    writePieces(fd, pieces)
  } finally {
    closeSync(fd)
  }
  return true
}

/** Whether the file at `path` has the digest `digest`, read in chunks (a large file). */
function sameDigest(path: string, digest: ContentDigest): boolean {
  const hash = createHash('sha384')
  const fd = openSync(path, 'r')
  try {
    for (let count = readSync(fd, chunk!, 0, CHUNK_SIZE, null); count > 0; count = readSync(fd, chunk!, 0, CHUNK_SIZE, null)) hash.update(chunk!.subarray(0, count))
  } finally {
    closeSync(fd)
  }
  return digestOf(hash).integrity === digest.integrity
}

function sameFile(a: string, b: string): boolean {
  const [x, y] = [statSync(a, { throwIfNoEntry: false }), statSync(b, { throwIfNoEntry: false })]
  return x !== undefined && y !== undefined && x.ino === y.ino && x.dev === y.dev
}

/**
 * Gives a hashed file a second name. A hard link costs no inode and no data write, and appears
 * whole or not at all; an existing file is replaced through a linked temp name. Where links are
 * not possible (another device, a file system without them), the bytes are written instead.
 */
function linkAlias(hashed: string, alias: string, bytes: Pieces | undefined): boolean {
  try {
    linkSync(hashed, alias)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return copyAlias(hashed, alias, bytes)
  }
  if (sameFile(hashed, alias)) return false
  const temp = tempPath(alias)
  try {
    linkSync(hashed, temp)
    renameSync(temp, alias)
  } catch {
    rmSync(temp, { force: true })
    return copyAlias(hashed, alias, bytes)
  }
  return true
}

/** The alias as a copy, where a link cannot be made (a rare file system): from the bytes when at hand, else from the hashed file. */
function copyAlias(hashed: string, alias: string, bytes: Pieces | undefined): true {
  writeFileAtomicSync(alias, bytes ?? readFileSync(hashed))
  return true
}

/**
 * Writes a file into `outDir`, whose folders exist. A failure names the output file at fault.
 * @returns how many files it created or replaced (a hashed file already there, or an alias already linked, is not).
 */
export function writeOutputFile(outDir: string, job: WriteJob): number {
  const path = join(outDir, job.path)
  let written: boolean
  try {
    written = writeHashedFile(path, job.bytes)
  } catch (error) {
    throw failedAt(path, error)
  }
  return Number(written) + (job.alias !== undefined && giveAlias(outDir, path, job.alias, job.bytes) ? 1 : 0)
}

function giveAlias(outDir: string, path: string, name: string, bytes: Pieces | undefined): boolean {
  const alias = join(outDir, name)
  try {
    return linkAlias(path, alias, bytes)
  } catch (error) {
    // A static folder that became a file: what an earlier build wrote into the output folder of
    // that name may be an earlier release's, which a build never removes (docs/design.md invariant 4).
    if (statSync(alias, { throwIfNoEntry: false })?.isDirectory()) {
      throw new AssetmapError(
        'WRITE_FAILED',
        `Cannot write ${alias}, the original of the static file ${name}: the output holds a folder of that name from an earlier build, which may hold files of earlier releases. Remove the folder ${alias} once no deployed page needs them (or rename the file), then build again.`,
        { value: alias, cause: error },
      )
    }
    throw failedAt(alias, error)
  }
}

/** Where a copied file went. */
export interface CopiedFile {
  /** Hashed path, relative to the output dir. */
  output: string
  size: number
  digest: ContentDigest
  /** How many files were created or replaced (0 when the hashed file and its alias were there already). */
  written: number
}

/** Files up to this size are read whole, hashed and written in three calls; larger ones are streamed in pieces of it. */
const CHUNK_SIZE = 1024 * 1024
let chunk: Buffer | undefined

/**
 * Brings a file that is never rewritten (an image, a font…) into the output under its hashed
 * name, and under `alias` too if given. Memory stays at one chunk whatever the file's size: a
 * large file is hashed while it is copied into a temp file, which is then renamed to its hashed
 * name (or dropped, when a complete file of that name is there already).
 */
export function copyOpaqueFile(outDir: string, source: string, name: string, alias: string | undefined): CopiedFile {
  chunk ??= Buffer.allocUnsafeSlow(CHUNK_SIZE)
  let fd: number
  try {
    fd = openSync(source, 'r')
  } catch (error) {
    throw failedAt(source, error, 'read')
  }
  let temp: string | undefined
  let out: number | undefined
  try {
    const first = readOrFail(fd, source, 0)
    if (first < CHUNK_SIZE) {
      const bytes = chunk.subarray(0, first)
      const digest = contentDigest(bytes)
      const output = hashedName(name, digest.hash)
      const written = writeOutputFile(outDir, { path: output, bytes: [bytes], alias })
      return { output, size: first, digest, written }
    }
    const hash = createHash('sha384')
    temp = tempPath(join(outDir, name))
    out = openOrFail(temp, join(outDir, name))
    let size = 0
    for (let count = first; count > 0; count = readOrFail(fd, source, 0)) {
      const piece = chunk.subarray(0, count)
      hash.update(piece)
      writeAllOrFail(out, piece, join(outDir, name))
      size += count
    }
    closeSync(out)
    out = undefined
    const digest = digestOf(hash)
    const output = hashedName(name, digest.hash)
    const path = join(outDir, output)
    let written = 0
    try {
      if (statSync(path, { throwIfNoEntry: false })?.size === size && sameDigest(path, digest)) rmSync(temp)
      else {
        renameSync(temp, path)
        written++
      }
    } catch (error) {
      throw failedAt(path, error)
    }
    temp = undefined
    if (alias !== undefined && giveAlias(outDir, path, alias, undefined)) written++
    return { output, size, digest, written }
  } finally {
    closeSync(fd)
    if (out !== undefined) closeSync(out)
    if (temp !== undefined) rmSync(temp, { force: true })
  }
}

function readOrFail(fd: number, source: string, offset: number): number {
  try {
    return readSync(fd, chunk!, offset, CHUNK_SIZE - offset, null)
  } catch (error) {
    throw failedAt(source, error, 'read')
  }
}

function openOrFail(temp: string, path: string): number {
  try {
    return openSync(temp, 'wx')
  } catch (error) {
    throw failedAt(path, error)
  }
}

function writeAllOrFail(fd: number, bytes: Uint8Array, path: string): void {
  try {
    writeAll(fd, bytes)
  } catch (error) {
    throw failedAt(path, error)
  }
}
