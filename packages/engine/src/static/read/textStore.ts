import { fstatSync, readFileSync, statSync, type Stats } from 'node:fs'
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
  /** The bytes of a kept file, or of a file read again (failing if it changed since it was scanned). */
  load(parsed: ParsedFile): Uint8Array
}

type Stamp = Pick<Stats, 'size' | 'mtimeMs' | 'ino'>

const sameStamp = (a: Stamp, b: Stamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino

/** A store that keeps at most `budget` bytes. */
export function createTextStore(budget: number): TextStore {
  const reader = createFileReader()
  const stamps = new Map<ParsedFile, Stamp>()
  let kept = 0
  let lastStamp: Stamp | undefined
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
      const { path } = parsed.file
      const stamp = stamps.get(parsed)
      try {
        const bytes = readFileSync(path)
        if (stamp === undefined || !sameStamp(statSync(path), stamp) || bytes.byteLength !== parsed.size) throw new Error('it changed while the build was running; run the build again')
        return bytes
      } catch (error) {
        throw failedAt(path, error, 'read')
      }
    },
  }
}
