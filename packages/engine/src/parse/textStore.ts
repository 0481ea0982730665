import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { sameStamp, type FileStamp } from '../table/stampColumn.ts'
import { createFileReader, KEPT_SIZE } from '../io/fileReader.ts'
import type { ParsedFile } from './parseStaticFile.ts'
import { failedAt } from '../io/failedAt.ts'

/**
 * The CSS and JS of a build between scanning and rewriting. Nothing is kept: a file that is
 * rewritten is read again when it is rendered, once every file it names has its hash. Reading it
 * again from the page cache costs a copy; keeping it in a new buffer cost a page fault per 4 KiB
 * and garbage-collector time, which measured slower on the 113 MB tree and the same on the 10k
 * tree, and memory that grew with the tree.
 */
export interface TextStore {
  /** The bytes of the file at `path` (whose size the walk found was `size`); the view is valid until the next `read` or `load`. */
  read(path: string, size: number): Uint8Array
  /** Drops the bytes of a file read: `load` reads them again, checking that the file still has the stamp the build looked at. */
  remember(parsed: ParsedFile): ParsedFile
  /**
   * The bytes of a file read again (failing if it changed since it was stamped). A file read
   * again is read into one of two buffers that are reused, so its view is valid until two other
   * files have been read again: enough to render a file and recompose its source map.
   */
  load(parsed: ParsedFile): Uint8Array
}


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

/** A store that reads each file into reused buffers; `stampOf` gives the stamp a file had when the build looked at it. */
export function createTextStore(stampOf: (parsed: ParsedFile) => FileStamp | undefined): TextStore {
  const reader = createFileReader()
  /** The files read again last, the most recent first. */
  const reloaded: Reloaded[] = []
  return {
    read(path, size) {
      try {
        return reader.read(path, size)
      } catch (error) {
        throw failedAt(path, error, 'read')
      }
    },
    remember(parsed) {
      parsed.bytes = undefined
      return parsed
    },
    load(parsed) {
      const at = reloaded.findIndex((entry) => entry.parsed === parsed)
      let entry: Reloaded
      if (at !== -1) entry = reloaded.splice(at, 1)[0]!
      else {
        const slot = reloaded.length === RELOADED ? reloaded.pop()!.slot : { buffer: Buffer.alloc(0) }
        // A new buffer when this file needs a larger one, or a smaller one than a large file's; the
        // reader's when it is large enough (a 200 MB stylesheet is read, then read again, into one).
        if (slot.buffer.byteLength < parsed.size || (slot.buffer.byteLength > KEPT_SIZE && parsed.size <= KEPT_SIZE)) slot.buffer = reader.take(parsed.size) ?? Buffer.allocUnsafeSlow(parsed.size)
        entry = { parsed, slot, bytes: readAgain(parsed, stampOf(parsed), slot.buffer.subarray(0, parsed.size)) }
      }
      reloaded.unshift(entry)
      // Files are read again once every file was read: a buffer grown for a large one goes.
      reader.release()
      return entry.bytes
    },
  }
}

/** Reads a file again into `bytes` (its size), failing if it is not the file that was scanned (its size, mtime, ctime or inode changed). */
function readAgain(parsed: ParsedFile, stamp: FileStamp | undefined, bytes: Buffer): Uint8Array {
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
