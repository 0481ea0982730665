import { close, closeSync, constants, fstatSync, open, openSync, read, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs'

// O_NOFOLLOW: a last component swapped for a symlink fails (ELOOP) instead of being followed.
// O_NONBLOCK: a FIFO swapped in is not waited on (it then fails the regular-file check).
const FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)

/** The identity of a file as the table found it. */
export interface FileIdentity {
  path: string
  dev: number
  ino: number
  ctimeMs: number
}

/** An open regular file at the expected path, and what its descriptor says about it. */
export interface OpenedFile {
  fd: number
  stats: Stats
}

/**
 * Where the kernel says an open descriptor's file is (`/proc/self/fd/N` on Linux), or
 * `undefined` where that is not available. Asked once, on a descriptor of a real folder, so a
 * system whose procfs reports other paths (or none) falls back to the realpath check.
 */
const fdPath: ((fd: number) => string) | undefined = (() => {
  const readFdPath = (fd: number): string => readlinkSync(`/proc/self/fd/${fd}`)
  try {
    const cwd = realpathSync(process.cwd())
    const fd = openSync(cwd, 'r')
    try {
      return readFdPath(fd) === cwd ? readFdPath : undefined
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
})()

/**
 * Whether the file open on `fd` (whose fstat is `stats`) is the one at `known.path`, reached
 * through no symlink.
 *
 * - The same inode, with the same change time, as the walk found at that real path: a file
 *   renamed, linked or written since has a new ctime, which no user can set back, so it is still
 *   that file (and had it been carried out of the root with its folder, it would hold the same
 *   bytes the root had). No further call.
 * - Otherwise (replaced since the walk), on Linux the kernel's own record of the descriptor's
 *   path is compared, which no later swap can change. Elsewhere, the path must still be its own
 *   realpath and name the same inode; a folder swapped for a link and back between those two
 *   checks could slip past.
 */
function isAt(fd: number, stats: Stats, known: FileIdentity): boolean {
  if (stats.ino === known.ino && stats.dev === known.dev && stats.ctimeMs === known.ctimeMs) return true
  if (fdPath !== undefined) return fdPath(fd) === known.path
  const now = statSync(known.path, { throwIfNoEntry: false })
  return now !== undefined && now.ino === stats.ino && now.dev === stats.dev && realpathSync(known.path) === known.path
}

/** Closes a descriptor in the background; a failure to close one that was only read leaves nothing to do. */
export function closeQuietly(fd: number): void {
  close(fd, () => {})
}

/**
 * Opens the file the table found at `known.path` (an absolute real path) for reading, only if
 * it is still a regular file reached without following a link: one swapped for a symlink (to
 * /etc/passwd, or a folder swapped for a link outside the root) or vanished gives `undefined`, a
 * 404. The size to send comes from `stats`, the descriptor's own fstat, so it matches the bytes read.
 *
 * fstat on an open descriptor and readlink in procfs are answered from kernel memory, never
 * the disk, so they run synchronously: a round trip through the thread pool would cost more
 * than the call.
 */
export function openServedFile(known: FileIdentity): Promise<OpenedFile | undefined> {
  return new Promise((resolve) => {
    open(known.path, FLAGS, (error, fd) => {
      if (error) return resolve(undefined)
      try {
        const stats = fstatSync(fd)
        if (stats.isFile() && isAt(fd, stats, known)) return resolve({ fd, stats })
      } catch {
        // Treated as vanished, like a failed open.
      }
      closeQuietly(fd)
      resolve(undefined)
    })
  })
}

/** Reads up to `size` bytes from the start; fewer when the file shrank since its fstat (a short read of a regular file is its end). */
export async function readAll(fd: number, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size)
  let filled = 0
  while (filled < size) {
    const bytesRead = await new Promise<number>((resolve, reject) => read(fd, bytes, filled, size - filled, filled, (error, count) => (error ? reject(error) : resolve(count))))
    if (bytesRead === 0) break
    filled += bytesRead
  }
  return filled === size ? bytes : bytes.subarray(0, filled)
}
