import { statSync } from 'node:fs'

/**
 * A file as it is now, to tell later whether anything wrote to it: size, inode, and the
 * modification and change times in nanoseconds (the change time too, which no program can set
 * back). `undefined` when there is no file.
 */
export function fileIdentity(path: string): string | undefined {
  const stats = statSync(path, { throwIfNoEntry: false, bigint: true })
  return stats && `${stats.size}:${stats.mtimeNs}:${stats.ino}:${stats.ctimeNs}`
}
