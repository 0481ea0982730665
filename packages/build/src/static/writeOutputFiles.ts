import { closeSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { tempPath, writeFileAtomicSync } from '../writeFileAtomic.ts'
import { contentDigest, type ContentDigest } from './contentDigest.ts'
import { createFileReader } from './fileReader.ts'
import { hashedName } from './hashedName.ts'

/** One file for the output dir. */
export interface WriteJob {
  /** Path relative to the output dir. */
  path: string
  bytes: Uint8Array
  /**
   * `hashed`: content-addressed, written once and never changed; `original`: a stable name that
   * running servers read, replaced atomically.
   */
  kind: 'hashed' | 'original'
  /** For a hashed file: a stable name to give the same bytes (an original that was not rewritten). */
  alias?: string | undefined
}

/** A file that is never rewritten (an image, a font…), to bring into the output as it is. */
export interface CopyJob {
  /** Absolute path of the source file. */
  source: string
  /** Logical name. */
  name: string
  /** Also give it its logical name (`keepOriginals`). */
  keepOriginal: boolean
}

/** Where a copied file went. */
export interface CopiedFile {
  name: string
  /** Hashed path, relative to the output dir. */
  output: string
  size: number
  digest: ContentDigest
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset)
}

/**
 * Writes a content-addressed file unless it is already there. A new file is written in place:
 * no manifest names it until it is complete (the manifest is written last), and a file cut short
 * by a crash has the wrong size, so the next build replaces it.
 */
function writeHashedFile(path: string, bytes: Uint8Array): void {
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    if (statSync(path).size !== bytes.byteLength) writeFileAtomicSync(path, bytes)
    return
  }
  try {
    writeAll(fd, bytes)
  } finally {
    closeSync(fd)
  }
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
function linkAlias(hashed: string, alias: string, bytes: Uint8Array): void {
  try {
    linkSync(hashed, alias)
    return
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return writeFileAtomicSync(alias, bytes)
  }
  if (sameFile(hashed, alias)) return
  const temp = tempPath(alias)
  try {
    linkSync(hashed, temp)
    renameSync(temp, alias)
  } catch {
    rmSync(temp, { force: true })
    writeFileAtomicSync(alias, bytes)
  }
}

/** A file system error with `path` set to the file at fault (not a temp name) and what was being done to it. */
export interface OutputFileError extends NodeJS.ErrnoException {
  action: 'read' | 'write'
}

function failedAt(path: string, error: unknown, action: 'read' | 'write' = 'write'): OutputFileError {
  const { message, code } = error as NodeJS.ErrnoException
  return Object.assign(new Error(message, { cause: error }), { path, code, action })
}

function writeOutputFile(outDir: string, job: WriteJob): void {
  const path = join(outDir, job.path)
  try {
    if (job.kind === 'original') return writeFileAtomicSync(path, job.bytes)
    writeHashedFile(path, job.bytes)
  } catch (error) {
    throw failedAt(path, error)
  }
  if (job.alias === undefined) return
  const alias = join(outDir, job.alias)
  try {
    linkAlias(path, alias, job.bytes)
  } catch (error) {
    throw failedAt(alias, error)
  }
}

/** Writes files into `outDir`, whose folders exist. A failure names the output file at fault. */
export function writeOutputFiles(outDir: string, jobs: readonly WriteJob[]): void {
  for (const job of jobs) writeOutputFile(outDir, job)
}

// One per thread: each file is read, hashed and written before the next is read.
const reader = createFileReader()

/**
 * Reads, hashes and writes files that are never rewritten: their hash depends on nothing else,
 * so this runs beside the parsing of the files that are.
 */
export function copyOpaqueFiles(outDir: string, jobs: readonly CopyJob[]): CopiedFile[] {
  return jobs.map(({ source, name, keepOriginal }) => {
    let bytes: Uint8Array
    try {
      bytes = reader.read(source)
    } catch (error) {
      throw failedAt(source, error, 'read')
    }
    const digest = contentDigest(bytes)
    const output = hashedName(name, digest.hash)
    writeOutputFile(outDir, { kind: 'hashed', path: output, bytes, alias: keepOriginal ? name : undefined })
    return { name, output, size: bytes.byteLength, digest }
  })
}
