import { hashedName } from '../table/hashedName.ts'
import type { StaticFile } from '../table/types.ts'
import type { StampColumn } from '../table/stampColumn.ts'
import { pathIn, type ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import { hashAt, integrityAt, notesOf, type CacheColumns, type ParseNotes } from './cacheFormat.ts'
import { folderOf, type Presence } from './outputPresence.ts'

// What a rebuild with nothing changed compares in the cache's columns, without a record per file.

/**
 * Whether `files`, with their `stamps`, are the cache's files as they were, each read from the
 * same path: the same names (the cache's are sorted; the walk gives each dir's in order), the
 * same stamps. Compared column by column, without a record per file.
 */
export function sameSources(cache: CacheColumns, dirs: readonly ResolvedStaticDir[], files: readonly StaticFile[], stamps: StampColumn): boolean {
  const { names } = cache
  if (files.length !== names.length) return false
  const index = cacheIndex(cache, files)
  for (const [at, file] of files.entries()) {
    const row = index === undefined ? at : index.get(file.name)
    const dir = row === undefined ? undefined : dirs[cache.dirs[row]!]
    if (row === undefined || dir === undefined || pathIn(dir, file.name) !== file.path) return false
    if (!stamps.same(at, cache.stamps, row)) return false
  }
  return true
}

/** Name → row, or `undefined` when the files are in the cache's own order (a single dir's walk). */
function cacheIndex({ names }: CacheColumns, files: readonly StaticFile[]): Map<string, number> | undefined {
  if (files.every((file, at) => file.name === names[at])) return undefined
  return new Map(names.map((name, row) => [name, row]))
}

/**
 * What parsing reported of the files, said again in the order a build reads them (`files`):
 * each file's warnings, then its broken references. `undefined` when a note is malformed.
 */
export function cachedNotes(cache: CacheColumns, files: readonly StaticFile[]): ParseNotes[] | undefined {
  const index = cacheIndex(cache, files)
  const said: ParseNotes[] = []
  if (Object.keys(cache.notes).length === 0) return said
  for (const [at, file] of files.entries()) {
    const note = cache.notes[index === undefined ? at : index.get(file.name)!]
    if (note === undefined) continue
    const notes = notesOf(note)
    if (notes === undefined) return undefined
    said.push(notes)
  }
  return said
}

/** Each file's hashed output (name order), and each output's size and integrity, as the manifest lists them. */
export function cachedOutputs(cache: CacheColumns): { assets: Map<string, string>; files: Map<string, { size: number; integrity: string }> } {
  const { names, outputSizes } = cache
  const assets = new Map<string, string>()
  const files = new Map<string, { size: number; integrity: string }>()
  for (let index = 0; index < names.length; index++) {
    const output = hashedName(names[index]!, hashAt(cache, index))
    assets.set(names[index]!, output)
    files.set(output, { size: outputSizes[index]!, integrity: integrityAt(cache, index) })
  }
  return { assets, files }
}

/**
 * Whether every file of `names` (the cache's, in its order; `hashAt(index)` is its hash) is in the
 * output dir: its hashed file, and its original when `keepOriginals`. A hash is asked for only
 * when `present` does not vouch for the file's folder.
 */
export function outputsPresent(names: readonly string[], hashAt: (index: number) => string, present: Presence, keepOriginals: boolean): boolean {
  let folder: string | undefined
  let end = -1
  let vouched = false
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!
    // A hashed file is in its name's folder, and a folder's names mostly come in one run (they are sorted).
    const slash = name.lastIndexOf('/')
    if (folder === undefined || slash !== end || !name.startsWith(folder)) vouched = present.vouched((folder = folderOf(name)))
    end = slash
    if (vouched) continue
    if (!present(hashedName(name, hashAt(index))) || (keepOriginals && !present(name))) return false
  }
  return true
}
