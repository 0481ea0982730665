import type { Stats } from 'node:fs'
import type { FileStamp } from '../cache/buildCache.ts'

/** Numbers per file: size, mtimeMs, ctimeMs, ino (the cache's `stamps` column has them in this order). */
const FIELDS = 4

/**
 * Each source's stamp when a build looked at it, by the file's position in the walk's list
 * (`StaticFile.index`): four numbers in one typed array, not an object of four boxed numbers per
 * file in a map by name (1.6 MB kept to the end of a build of the 10k tree, against 320 KB
 * outside the garbage-collected heap).
 */
export class StampColumn {
  readonly #values: Float64Array

  constructor(count: number, values: Float64Array = new Float64Array(count * FIELDS)) {
    this.#values = values
  }

  /** Records the stamp of the file at `index`. */
  set(index: number, stats: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>): void {
    const at = index * FIELDS
    const values = this.#values
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
    return `${values[at]},${values[at + 1]},${values[at + 2]},${values[at + 3]}`
  }

  /** The numbers as bytes (a view, not a copy): what `sourcesDigest` hashes. */
  bytes(): Uint8Array {
    return new Uint8Array(this.#values.buffer, this.#values.byteOffset, this.#values.byteLength)
  }

  /** A copy that a rebuild changes while this one stays the last build's. */
  copy(): StampColumn {
    return new StampColumn(0, this.#values.slice())
  }
}
