import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isMissing } from './outputIO.ts'

const CHUNK = 256 * 1024
let chunk: Buffer | undefined

/**
 * Whether the file at `path` holds exactly the bytes of `parts`, in order (false when there is
 * none), compared a chunk at a time and never joined: reading a 2 MB manifest whole to compare it
 * would add as much to a build's memory.
 */
export function fileHoldsParts(path: string, parts: readonly Uint8Array[]): boolean {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    if (isMissing(error)) return false
    throw error
  }
  try {
    let size = 0
    for (const part of parts) size += part.byteLength
    if (fstatSync(fd).size !== size) return false
    chunk ??= Buffer.allocUnsafeSlow(CHUNK)
    let position = 0
    for (const bytes of parts) {
      const expected = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      for (let offset = 0; offset < bytes.byteLength; ) {
        const read = readSync(fd, chunk, 0, Math.min(CHUNK, bytes.byteLength - offset), position)
        if (read === 0 || !chunk.subarray(0, read).equals(expected.subarray(offset, offset + read))) return false
        offset += read
        position += read
      }
    }
    return true
  } finally {
    closeSync(fd)
  }
}
