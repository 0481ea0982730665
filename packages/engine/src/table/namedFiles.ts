import type { StaticFile } from './types.ts'

/**
 * The walk's files by name: the map of names, and the names in sorted order (the build cache's
 * and the manifest's) with the file of each. Made when first needed; the probe of a rebuild that
 * changed nothing uses it without the static stage's modules (`FileLayout` adds what the build needs).
 */
export class NamedFiles {
  #known: Map<string, StaticFile> | undefined
  #names: string[] | undefined
  #inFileOrder = false
  #namePositions: Map<string, number> | undefined

  constructor(readonly files: readonly StaticFile[]) {}

  /** Logical name → file. */
  get known(): Map<string, StaticFile> {
    return (this.#known ??= new Map(this.files.map((file) => [file.name, file])))
  }

  /** The names, sorted (the walk gives each dir's files in order, so this is mostly a check). */
  get names(): string[] {
    if (this.#names === undefined) {
      const names = this.files.map((file) => file.name)
      let sorted = true
      for (let index = 1; index < names.length && sorted; index++) if (names[index - 1]! > names[index]!) sorted = false
      this.#names = sorted ? names : names.sort()
      this.#inFileOrder = sorted
    }
    return this.#names
  }

  /** The index (`StaticFile.index`) of the file whose name is `names[at]`. */
  indexAt(at: number): number {
    return this.names !== undefined && this.#inFileOrder ? at : this.known.get(this.#names![at]!)!.index
  }

  /** The file whose name is `names[at]`. */
  fileAt(at: number): StaticFile {
    return this.files[this.indexAt(at)]!
  }

  /** Where `name` is in `names`: its file's index when they are in the files' order (one dir's walk), else from a map made on first use. */
  positionOf(name: string): number {
    if (this.names !== undefined && this.#inFileOrder) return this.known.get(name)!.index
    this.#namePositions ??= new Map(this.#names!.map((other, at) => [other, at]))
    return this.#namePositions.get(name)!
  }
}
