import { closeSync, openSync, readSync } from 'node:fs'

/** Reads whole files into one buffer that is reused from file to file. */
export interface FileReader {
  /**
   * The bytes of the file at `path`, whose size was `size` when the walk stat'ed it; the view is
   * valid until the next `read`, `take` or `release`.
   */
  read(path: string, size: number): Uint8Array
  /**
   * Hands over its buffer when it holds at least `size` bytes (the next `read` allocates a new
   * one): a file read again can use the memory of the files read before.
   */
  take(size: number): Buffer | undefined
  /** Lets go of a buffer grown for a large file (over `KEPT_SIZE`); the next `read` allocates again. */
  release(): void
}

const INITIAL_SIZE = 256 * 1024
/**
 * The largest buffer kept from one file to the next. One large file (a 200 MB stylesheet) must
 * not hold its size in memory for the rest of the build, nor until the next file is read.
 */
export const KEPT_SIZE: number = 8 * 1024 * 1024

/** What a reader holds once its buffer was taken or let go of, until its next `read`. */
const EMPTY = Buffer.alloc(0)

/**
 * A reader that allocates nothing per file (the buffer is replaced only for a larger file, or
 * after one over `KEPT_SIZE`) and makes three calls per file (open, read, close): for thousands
 * of small files, `readFileSync`'s allocation and `fstat` per file cost as much as reading them.
 */
export function createFileReader(): FileReader {
  let buffer = Buffer.allocUnsafeSlow(INITIAL_SIZE)
  return {
    read(path, size) {
      if (buffer.length > KEPT_SIZE || buffer === EMPTY) buffer = Buffer.allocUnsafeSlow(INITIAL_SIZE)
      // One buffer of the size the walk found (and a byte to see the end in the same read), not
      // doublings that copy: a 200 MB file held 128 + 256 MB at its last doubling.
      if (size >= buffer.length) buffer = Buffer.allocUnsafeSlow(size + 1)
      const fd = openSync(path, 'r')
      try {
        let length = 0
        for (;;) {
          if (length === buffer.length) {
            const larger = Buffer.allocUnsafeSlow(buffer.length * 2)
            buffer.copy(larger, 0, 0, length)
            buffer = larger
          }
          const wanted = buffer.length - length
          const count = readSync(fd, buffer, length, wanted, null)
          length += count
          // A regular file reads short only at its end: no second call to be told so.
          if (count < wanted) return buffer.subarray(0, length)
        }
      } finally {
        closeSync(fd)
      }
    },
    take(size) {
      if (buffer.length < size) return undefined
      const taken = buffer
      buffer = EMPTY
      return taken
    },
    release() {
      if (buffer.length > KEPT_SIZE) buffer = EMPTY
    },
  }
}
