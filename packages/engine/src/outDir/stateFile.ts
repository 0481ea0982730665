import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** The largest state file read (a cache of a million files is a few hundred MB less than this). */
export const STATE_FILE_LIMIT: number = 512 * 1024 * 1024

/** Why a state file could not be read: it is not there, it is not a regular file, it is too large, or reading failed (its error code). */
export type StateFileProblem = 'missing' | 'not a regular file' | 'too large' | (string & {})

/** A state file's bytes, and when they were written (its modification time). */
export interface StateFile {
  bytes: Buffer
  writtenAt: number
}

/**
 * The bytes of a file the engine keeps under `.assetmap/`, or why they cannot be had. Opened
 * without following a symbolic link and without blocking (a FIFO there would hang the build),
 * then read only when it is a regular file of at most `limit` bytes: a link to `/dev/zero` or a
 * folder put there by hand is not state, only a reason to build without it.
 */
export function readStateFile(path: string, limit: number = STATE_FILE_LIMIT): StateFile | StateFileProblem {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // ELOOP: the last part of the path is a symbolic link.
    return code === 'ENOENT' ? 'missing' : code === 'ELOOP' ? 'not a regular file' : String(code)
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) return 'not a regular file'
    if (stats.size > limit) return 'too large'
    const bytes = Buffer.allocUnsafe(stats.size)
    let read = 0
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, read)
      if (count === 0) break
      read += count
    }
    return { bytes: bytes.subarray(0, read), writtenAt: stats.mtimeMs }
  } catch (error) {
    return String((error as NodeJS.ErrnoException).code)
  } finally {
    closeSync(fd)
  }
}
