import { textKind } from '../references/parseStaticFile.ts'
import type { StaticFile } from '../types.ts'
import { folderOf } from '../output/outputPresence.ts'

/** Source maps and JSON: read and parsed like CSS and JS, as a rewritten file may recompose them. */
export const MAP_LIKE: RegExp = /\.(map|json)$/i

/**
 * What depends only on the walk's files, made when first needed and kept by a watch while its
 * rebuilds find the same files (the same array): a rebuild that looked only at what changed does
 * not go over every file for it.
 */
export class FileLayout {
  #known: Map<string, StaticFile> | undefined
  #names: string[] | undefined
  #inFileOrder = false
  #namePositions: Map<string, number> | undefined
  #opaque: StaticFile[] | undefined
  #rest: StaticFile[] | undefined
  #position: Map<string, number> | undefined
  #folders: Map<string, StaticFile[]> | undefined

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

  /** Images, fonts and other files that are never rewritten. */
  get opaque(): StaticFile[] {
    this.#split()
    return this.#opaque!
  }

  /** CSS, JS, source maps and JSON: read and parsed. */
  get rest(): StaticFile[] {
    this.#split()
    return this.#rest!
  }

  /** A text file's position in `rest`; `undefined` for an opaque file. */
  position(name: string): number | undefined {
    this.#position ??= new Map(this.rest.map((file, index) => [file.name, index]))
    return this.#position.get(name)
  }

  /** Output folder (relative, '' for the top) → the files whose output and original are in it. */
  get folders(): Map<string, StaticFile[]> {
    if (this.#folders === undefined) {
      this.#folders = new Map()
      for (const file of this.files) {
        // A hashed name differs from the logical one only after the last slash.
        const folder = folderOf(file.name)
        const list = this.#folders.get(folder)
        if (list === undefined) this.#folders.set(folder, [file])
        else list.push(file)
      }
    }
    return this.#folders
  }

  /** `files` in `rest` order. */
  inRestOrder(files: Iterable<StaticFile>): StaticFile[] {
    return [...files].sort((a, b) => this.position(a.name)! - this.position(b.name)!)
  }

  #split(): void {
    if (this.#rest !== undefined) return
    this.#opaque = []
    this.#rest = []
    for (const file of this.files) (textKind(file.name) === undefined && !MAP_LIKE.test(file.name) ? this.#opaque : this.#rest).push(file)
  }
}
