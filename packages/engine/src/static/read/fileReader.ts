import { closeSync, openSync, readSync } from 'node:fs'

/** Reads whole files into one buffer that is reused from file to file. */
export interface FileReader {
  /** The bytes of the file at `path`; the view is valid until the next `read`. */
  read(path: string): Uint8Array
}

const INITIAL_SIZE = 256 * 1024

/**
 * A reader that allocates nothing per file (the buffer only grows, for a larger file) and makes
 * three calls per file (open, read, close): for thousands of small files, `readFileSync`'s
 * allocation and `fstat` per file cost as much as reading them.
 */
export function createFileReader(): FileReader {
  let buffer = Buffer.allocUnsafeSlow(INITIAL_SIZE)
  return {
    read(path) {
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
  }
}
