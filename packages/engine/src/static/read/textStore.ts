import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs'
import { createFileReader } from './fileReader.ts'
import type { ParsedFile } from '../references/parseStaticFile.ts'
import { failedAt } from '../output/writeOutputFiles.ts'

/** The CSS and JS of a build between reading and rewriting: kept in memory up to a budget, read again past it. */
export interface TextStore {
  /** The bytes of the file at `path`; the view is valid until the next `read`. */
  read(path: string): Uint8Array
  /**
   * Keeps a copy of `bytes` (just read) with `parsed` while the budget allows; otherwise notes the
   * file's identity, so that reading it again can tell whether it changed.
   */
  keep(parsed: ParsedFile, bytes: Uint8Array): ParsedFile
  /** Notes the identity of a file known from the build cache, not read yet, so that `load` can tell whether it changed. */
  remember(parsed: ParsedFile, stamp: Stamp): ParsedFile
  /** Leaves `parsed` without its bytes, for a file that will not be read again. */
  drop(parsed: ParsedFile): ParsedFile
  /**
   * The bytes of a kept file, or of a file read again (failing if it changed since it was
   * scanned). A file read again is read into one of two buffers that are reused, so its view is
   * valid until two other files have been read again: enough to render a file and its source
   * map, then write the file's original, without reading anything twice.
   */
  load(parsed: ParsedFile): Uint8Array
}

type Stamp = Pick<Stats, 'size' | 'mtimeMs' | 'ino'>

const sameStamp = (a: Stamp, b: Stamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino

/** A file read again, in a buffer it shares with the files read again before and after it. */
interface Reloaded {
  parsed: ParsedFile
  bytes: Uint8Array
  slot: { buffer: Buffer }
}

/**
 * How many files read again stay at hand (see `load`). Reused buffers, not new ones: a new buffer
 * per file costs a page fault per 4 KiB and the garbage collector's time.
 */
const RELOADED = 2

/** A store that keeps at most `budget` bytes. */
export function createTextStore(budget: number): TextStore {
  const reader = createFileReader()
  const stamps = new Map<ParsedFile, Stamp>()
  let kept = 0
  let lastStamp: Stamp | undefined
  /** The files read again last, the most recent first. */
  const reloaded: Reloaded[] = []
  return {
    read(path) {
      lastStamp = undefined
      try {
        return reader.read(path, (fd, bytes) => {
          // Only files past the budget are read again, and only they need their identity.
          if (kept + bytes.byteLength > budget) lastStamp = fstatSync(fd)
        })
      } catch (error) {
        throw failedAt(path, error, 'read')
      }
    },
    keep(parsed, bytes) {
      if (lastStamp === undefined) {
        parsed.bytes = Buffer.from(bytes)
        kept += bytes.byteLength
      } else {
        parsed.bytes = undefined
        stamps.set(parsed, lastStamp)
      }
      return parsed
    },
    remember(parsed, stamp) {
      parsed.bytes = undefined
      stamps.set(parsed, stamp)
      return parsed
    },
    drop(parsed) {
      parsed.bytes = undefined
      return parsed
    },
    load(parsed) {
      if (parsed.bytes !== undefined) return parsed.bytes
      const at = reloaded.findIndex((entry) => entry.parsed === parsed)
      let entry: Reloaded
      if (at !== -1) entry = reloaded.splice(at, 1)[0]!
      else {
        const slot = reloaded.length === RELOADED ? reloaded.pop()!.slot : { buffer: Buffer.allocUnsafeSlow(parsed.size) }
        if (slot.buffer.byteLength < parsed.size) slot.buffer = Buffer.allocUnsafeSlow(parsed.size)
        entry = { parsed, slot, bytes: readAgain(parsed, stamps.get(parsed), slot.buffer.subarray(0, parsed.size)) }
      }
      reloaded.unshift(entry)
      return entry.bytes
    },
  }
}

/** Reads a file again into `bytes` (its size), failing if it is not the file that was scanned (its size, mtime or inode changed). */
function readAgain(parsed: ParsedFile, stamp: Stamp | undefined, bytes: Buffer): Uint8Array {
  const { path } = parsed.file
  try {
    const fd = openSync(path, 'r')
    try {
      if (stamp === undefined || !sameStamp(fstatSync(fd), stamp) || stamp.size !== parsed.size) throw changed()
      for (let length = 0; length < bytes.byteLength; ) {
        const count = readSync(fd, bytes, length, bytes.byteLength - length, null)
        if (count === 0) throw changed()
        length += count
      }
      return bytes
    } finally {
      closeSync(fd)
    }
  } catch (error) {
    throw failedAt(path, error, 'read')
  }
}

const changed = (): Error => new Error('it changed while the build was running; run the build again')
