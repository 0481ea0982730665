import { MAP_LIKE, textKind } from '../table/fileKinds.ts'
import type { StaticFile } from '../table/types.ts'
import { folderOf } from '../outDir/outputPresence.ts'
import { NamedFiles } from '../table/namedFiles.ts'

/**
 * What depends only on the walk's files, made when first needed and kept by a watch while its
 * rebuilds find the same files (the same array): a rebuild that looked only at what changed does
 * not go over every file for it. Its names and their order are `NamedFiles`'.
 */
export class FileLayout extends NamedFiles {
  #opaque: StaticFile[] | undefined
  #rest: StaticFile[] | undefined
  #position: Map<string, number> | undefined
  #folders: Map<string, StaticFile[]> | undefined

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
