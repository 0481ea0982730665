import { closeSync, constants, fstatSync, openSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

// O_NOFOLLOW: a last component swapped for a symlink fails (ELOOP) instead of being followed.
// O_NONBLOCK: a FIFO swapped in is not waited on (it then fails the regular-file check).
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/** An open regular file at the expected path, and what its descriptor says about it. */
export interface OpenedFile {
  handle: FileHandle
  stats: Stats
}

/**
 * Where the kernel says an open descriptor's file is (`/proc/self/fd/N` on Linux), or
 * `undefined` where that is not available. Asked once, on a descriptor of a real folder, so a
 * system whose procfs reports other paths (or none) falls back to the realpath check.
 */
const fdPath: ((fd: number) => string) | undefined = (() => {
  const read = (fd: number): string => readlinkSync(`/proc/self/fd/${fd}`)
  try {
    const cwd = realpathSync(process.cwd())
    const fd = openSync(cwd, 'r')
    try {
      return read(fd) === cwd ? read : undefined
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
})()

/**
 * Whether the file open on `fd` (whose fstat is `stats`) is the one at `path`, reached through
 * no symlink. On Linux the kernel's own record of the descriptor's path is compared, which no
 * later swap can change. Elsewhere, `path` must still be its own realpath and name the same
 * inode: a folder swapped for a link and back between the two checks could slip past that.
 */
function isAt(fd: number, stats: Stats, path: string): boolean {
  if (fdPath !== undefined) return fdPath(fd) === path
  const now = statSync(path, { throwIfNoEntry: false })
  return now !== undefined && now.ino === stats.ino && now.dev === stats.dev && realpathSync(path) === path
}

/**
 * Opens `path` (an absolute real path from the file table) for reading, only if it is still a
 * regular file reached without following a link: one swapped for a symlink (to /etc/passwd, or
 * a folder swapped for a link outside the root) or vanished gives `undefined`, a 404. The size
 * to send comes from `stats`, the descriptor's own fstat, so it matches the bytes read.
 *
 * fstat on an open descriptor and readlink in procfs are answered from kernel memory, never
 * the disk, so they run synchronously: a round trip through the thread pool each would cost
 * more than the call.
 */
export async function openServedFile(path: string): Promise<OpenedFile | undefined> {
  let handle: FileHandle
  try {
    handle = await open(path, FLAGS)
  } catch {
    return undefined
  }
  try {
    const stats = fstatSync(handle.fd)
    if (stats.isFile() && isAt(handle.fd, stats, path)) return { handle, stats }
  } catch {
    // Treated as vanished, like a failed open.
  }
  handle.close().catch(() => {})
  return undefined
}
