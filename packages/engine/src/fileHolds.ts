import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isMissing } from './pipeline/outputIO.ts'

const CHUNK = 256 * 1024
let chunk: Buffer | undefined

/**
 * Whether the file at `path` holds exactly `bytes` (false when there is none), compared a chunk
 * at a time: reading a 2 MB manifest whole to compare it would add as much to a build's memory.
 */
export function fileHolds(path: string, bytes: Uint8Array): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
  try {
    if (fstatSync(fd).size !== bytes.byteLength) return false
    chunk ??= Buffer.allocUnsafeSlow(CHUNK)
    const expected = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    for (let offset = 0; offset < bytes.byteLength; ) {
      const read = readSync(fd, chunk, 0, Math.min(CHUNK, bytes.byteLength - offset), offset)
      if (read === 0 || !chunk.subarray(0, read).equals(expected.subarray(offset, offset + read))) return false
      offset += read
    }
    return true
  } finally {
    closeSync(fd)
  }
}
