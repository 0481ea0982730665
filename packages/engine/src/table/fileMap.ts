import type { NamedFiles } from './namedFiles.ts'

/** What a `FileMap` and a `Map` by name both answer. */
export interface ByName<T> {
  readonly size: number
  get(name: string): T | undefined
  has(name: string): boolean
}

/**
 * A value per file of one walk, kept by the file's index (`StaticFile.index`) and looked up by
 * name through the walk's map of names (`FileLayout.known`, which a build makes anyway): an
 * array slot per file instead of a second hash table of every name (448 KB for the 10k tree,
 * copied by the garbage collector as it grows old). Iterates in the files' order.
 */
export class FileMap<T> implements ByName<T> {
  readonly #values: Array<T | undefined>
  // The walk's files and their map of names, not a function that finds it: a closure made in a
  // build holds the whole build, the last build's map included, and a watch kept every build.
  readonly #named: NamedFiles
  #size = 0

  constructor(named: NamedFiles) {
    this.#named = named
    this.#values = new Array<T | undefined>(named.files.length).fill(undefined)
  }

  /** An empty map over the same files. */
  sibling<U>(): FileMap<U> {
    return new FileMap<U>(this.#named)
  }

  get size(): number {
    return this.#size
  }

  get(name: string): T | undefined {
    const file = this.#named.known.get(name)
    return file === undefined ? undefined : this.#values[file.index]
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  /** Sets the value of `name`, which must be one of the walk's files. */
  set(name: string, value: T): this {
    const { index } = this.#named.known.get(name)!
    if (this.#values[index] === undefined) this.#size++
    this.#values[index] = value
    return this
  }

  *values(): IterableIterator<T> {
    for (const value of this.#values) if (value !== undefined) yield value
  }

  *[Symbol.iterator](): IterableIterator<[string, T]> {
    for (const [index, value] of this.#values.entries()) if (value !== undefined) yield [this.#named.files[index]!.name, value]
  }
}
