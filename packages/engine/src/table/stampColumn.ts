import type { Stats } from 'node:fs'

/**
 * What identifies a source file's content without reading it. The change time is in it as git's
 * index has it: an edit that keeps the size and puts the modification time back (`touch -r`, a
 * restore that keeps times) still changes it.
 */
export interface FileStamp {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino
}

/** Numbers per file: size, mtimeMs, ctimeMs, ino (the cache's `stamps` column has them in this order). */
const FIELDS = 4

/** The longest tick of a file system whose times are whole seconds (FAT's two seconds). */
const WHOLE_SECONDS_TICK = 2000
/** The longest tick of the clock Linux stamps files with (a jiffy at 100 Hz). */
const FINE_TICK = 10
/** An mtime no file has: what the cache writes of a stamp that may hide an edit. */
const UNKNOWN = -1

/**
 * Each source's stamp when a build looked at it, by the file's position in the walk's list
 * (`StaticFile.index`): four numbers in one typed array, not an object of four boxed numbers per
 * file in a map by name (1.6 MB kept to the end of a build of the 10k tree, against 320 KB
 * outside the garbage-collected heap).
 */
export class StampColumn {
  readonly #values: Float64Array
  /** 1 at the index of a file whose stamp may hide an edit (`forgetRacy`); made when there is one. */
  #racy: Uint8Array | undefined

  constructor(count: number, values: Float64Array = new Float64Array(count * FIELDS), racy?: Uint8Array) {
    this.#values = values
    this.#racy = racy
  }

  /** Records the stamp of the file at `index`. */
  set(index: number, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>): void {
    const at = index * FIELDS
    const values = this.#values
    if (this.#racy !== undefined) this.#racy[index] = 0
    values[at] = stats.size
    values[at + 1] = stats.mtimeMs
    values[at + 2] = stats.ctimeMs
    values[at + 3] = stats.ino
  }

  /** The stamp of the file at `index`, as an object (for the few files that need one). */
  at(index: number): FileStamp {
    const at = index * FIELDS
    const values = this.#values
    return { size: values[at]!, mtimeMs: values[at + 1]!, ctimeMs: values[at + 2]!, ino: values[at + 3]! }
  }

  /** The size the file at `index` had. */
  size(index: number): number {
    return this.#values[index * FIELDS]!
  }

  /** Whether the file at `index` has the stamp `other` holds at `row` (another build's column, or the cache file's numbers). */
  same(index: number, other: StampColumn | readonly number[], row: number): boolean {
    if (other instanceof StampColumn && other.#isRacy(row)) return false
    const mine = this.#values
    const theirs = other instanceof StampColumn ? other.#values : other
    const at = index * FIELDS
    const from = row * FIELDS
    return mine[at] === theirs[from] && mine[at + 1] === theirs[from + 1] && mine[at + 2] === theirs[from + 2] && mine[at + 3] === theirs[from + 3]
  }

  /** The stamp of the file at `index` as the cache file writes it (`JSON.stringify`'s numbers, comma-separated). */
  text(index: number): string {
    const at = index * FIELDS
    const values = this.#values
    // An mtime no file has: the next build's stamp differs, and it reads the file again.
    return `${values[at]},${this.#isRacy(index) ? UNKNOWN : values[at + 1]},${values[at + 2]},${values[at + 3]}`
  }

  /** The numbers as bytes (a view, not a copy), then the marks of `forgetRacy` if any: what `sourcesDigest` hashes. */
  bytes(): Uint8Array[] {
    const values = new Uint8Array(this.#values.buffer, this.#values.byteOffset, this.#values.byteLength)
    return this.#racy !== undefined && this.#racy.includes(1) ? [values, this.#racy] : [values]
  }

  /**
   * Marks every file changed too close to `since` (when the build began to stat them) for a
   * later edit to be told from its stamp: the next build reads it again, as git does with "racy
   * clean" entries. File systems keep times in ticks: whole seconds on ext4 with 128-byte inodes,
   * ext3 and HFS+ (two on FAT), a few milliseconds elsewhere; an edit that keeps the size within
   * the tick of the stamp leaves size, mtime, ctime and inode as they were. The stamps stay as
   * they are for this build; only what is compared with them, and written of them, changes.
   */
  forgetRacy(since: number): void {
    const values = this.#values
    for (let index = 0; index < values.length / FIELDS; index++) {
      const [mtime, ctime] = [values[index * FIELDS + 1]!, values[index * FIELDS + 2]!]
      const tick = mtime % 1000 === 0 && ctime % 1000 === 0 ? WHOLE_SECONDS_TICK : FINE_TICK
      if (Math.max(mtime, ctime) < since - tick) continue
      this.#racy ??= new Uint8Array(values.length / FIELDS)
      this.#racy[index] = 1
    }
  }

  /** Whether the file at `index` was marked by `forgetRacy` (and not stat'ed again since). */
  #isRacy(index: number): boolean {
    return this.#racy !== undefined && this.#racy[index] === 1
  }

  /** A copy that a rebuild changes while this one stays the last build's. */
  copy(): StampColumn {
    return new StampColumn(0, this.#values.slice(), this.#racy?.slice())
  }
}
