import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { applyEdits, type Pieces, type TextEdit } from './applyEdits.ts'
import { composeSourceMap } from './composeSourceMap.ts'
import { contentDigest, digestOf, piecesDigest, type ContentDigest } from './contentDigest.ts'
import { hashedName } from '../table/hashedName.ts'
import { countReferences, offsetAt, refersBeyondMaps, sourceMapIndex, targetAt, type LinkedReferences } from '../table/linkedReferences.ts'
import type { ParsedFile } from '../parse/parseStaticFile.ts'
import { stronglyConnected } from './stronglyConnected.ts'
import type { ByName } from '../table/fileMap.ts'

/** One static file's final form, ready to write. */
export interface StaticOutput {
  /** Logical name. */
  name: string
  /** Hashed path in the output dir. */
  output: string
  /** The hash in its name: of its final bytes, or of its reference cycle's. */
  hash: string
  /** Final bytes. */
  pieces: Pieces
  digest: ContentDigest
}

const encoder = new TextEncoder()

/** Whether `list[from..to)` holds `value`. */
function holds(list: Int32Array, from: number, to: number, value: number): boolean {
  for (let at = from; at < to; at++) if (list[at] === value) return true
  return false
}

/** Edit that points the `index`th of `refs` at the hashed name of its target. */
function insertHash(refs: LinkedReferences, index: number, hash: string): TextEdit {
  const at = offsetAt(refs, index)
  return { start: at, end: at, text: `.${hash}` }
}

/**
 * Hashes static files (`byName`: logical name → the file) in dependency order so that every hash covers final bytes: a file's
 * references are rewritten to the hashed names of their targets before the file is hashed.
 * A reference cycle gets one hash over the group (its members' content with the references
 * inside the group left as written). A file's own source map, when the file is rewritten, is
 * recomposed so it stays valid, then hashed before the file that names it.
 * Await `sourceMapToolsReady()` first when a file may name its own source map.
 * Each file is handed to `emit` as soon as its final form is known, dependencies first; files
 * whose hash `done` gives (name → hash), which the caller finished and emitted already, are not.
 * `done` must give the hash of each file from the moment it is emitted. A file's bytes
 * come from `load` when needed, so that the caller decides what stays in memory.
 * `referenceCount` tells how many references name a file in the whole build, not only among
 * these files (a source map named once, by its file's comment, is recomposed with that file).
 */
export function hashStaticFiles(
  byName: ByName<ParsedFile> & Iterable<[string, ParsedFile]> & { values(): Iterable<ParsedFile> },
  emit: (output: StaticOutput) => void,
  done: (name: string) => string | undefined,
  load: (parsed: ParsedFile) => Uint8Array,
  referenceCount: (target: string) => number,
): void {
  /** The hash of each member of a reference cycle, before they are emitted (`done` gives the others'). */
  const groupHashes = new Map<string, string>()
  const hashOf = (name: string): string => groupHashes.get(name) ?? done(name)!
  const isDone = (name: string): boolean => done(name) !== undefined

  const ownedMaps = ownedSourceMaps(byName, isDone, referenceCount)

  const finish = (parsed: ParsedFile, pieces: Pieces, digest: ContentDigest, hash = digest.hash): void => {
    const { name } = parsed.file
    emit({ name, output: hashedName(name, hash), hash, pieces, digest })
  }

  const render = renderer(byName, ownedMaps, load, hashOf, finish)

  const { nodes, starts, targets } = dependencies(byName, (name) => !ownedMaps.has(name) && !isDone(name))
  stronglyConnected(nodes.length, starts, targets, (component) => {
    if (component.length === 1 && !holds(targets, starts[component[0]!]!, starts[component[0]! + 1]!, component[0]!)) {
      const parsed = nodes[component[0]!]!
      const pieces = render(parsed)
      finish(parsed, pieces, piecesDigest(pieces))
      return
    }
    const names = component.map((id) => nodes[id]!.file.name).sort()
    const members = new Set(names)
    const group = createHash('sha384')
    for (const name of names) {
      group.update(name).update('\0')
      for (const piece of render(byName.get(name)!, members)) group.update(piece)
      group.update('\0')
    }
    const { hash } = digestOf(group)
    for (const name of names) groupHashes.set(name, hash)
    for (const name of names) {
      const parsed = byName.get(name)!
      const pieces = render(parsed)
      finish(parsed, pieces, piecesDigest(pieces), hash)
    }
  })
}

/** The source maps named only by their file's comment, in a file that gets rewritten (map → that file): each is recomposed with its file. */
function ownedSourceMaps(byName: ByName<ParsedFile> & { values(): Iterable<ParsedFile> }, isDone: (name: string) => boolean, referenceCount: (target: string) => number): Map<string, string> {
  const ownedMaps = new Map<string, string>()
  for (const parsed of byName.values()) {
    const mapAt = sourceMapIndex(parsed.refs)
    const target = mapAt === -1 ? undefined : targetAt(parsed.refs, mapAt)
    if (target !== undefined && !isDone(target) && refersBeyondMaps(parsed.refs) && referenceCount(target) === 1 && byName.get(target)?.scanned !== true) {
      ownedMaps.set(target, parsed.file.name)
    }
  }
  return ownedMaps
}

/**
 * The files to hash in order (those `hashed` accepts), numbered (by walk index: no map of names,
 * nor an array of edges grown by copies, kept while every file is hashed), and each one's targets
 * among them (once each): node `id`'s are `targets[starts[id]..starts[id + 1])`.
 */
function dependencies(byName: ByName<ParsedFile> & Iterable<[string, ParsedFile]> & { values(): Iterable<ParsedFile> }, hashed: (name: string) => boolean): { nodes: ParsedFile[]; starts: Int32Array; targets: Int32Array } {
  const nodes: ParsedFile[] = []
  let last = -1
  let edges = 0
  for (const { file, refs } of byName.values()) (last = Math.max(last, file.index)), (edges += countReferences(refs))
  const ids = new Int32Array(last + 1).fill(-1)
  for (const [name, parsed] of byName) if (hashed(name)) ids[parsed.file.index] = nodes.push(parsed) - 1
  const starts = new Int32Array(nodes.length + 1)
  const targets = new Int32Array(edges)
  let filled = 0
  for (const [id, { refs }] of nodes.entries()) {
    for (let index = 0; index < countReferences(refs); index++) {
      // A file done, or the node's own source map, is no edge (neither is among the nodes).
      const target = byName.get(targetAt(refs, index))
      const to = target === undefined ? -1 : ids[target.file.index]!
      if (to !== -1 && !holds(targets, starts[id]!, filled, to)) targets[filled++] = to
    }
    starts[id + 1] = filled
  }
  return { nodes, starts, targets }
}

/** Final bytes of a file; with `skip`, references into that group are left as written and no map is recomposed (a file's own map is finished with it). */
function renderer(
  byName: ByName<ParsedFile>,
  ownedMaps: ReadonlyMap<string, string>,
  load: (parsed: ParsedFile) => Uint8Array,
  hashOf: (name: string) => string,
  finish: (parsed: ParsedFile, pieces: Pieces, digest: ContentDigest) => void,
): (parsed: ParsedFile, skip?: ReadonlySet<string>) => Pieces {
  return (parsed: ParsedFile, skip?: ReadonlySet<string>): Pieces => {
    const bytes = load(parsed)
    const { refs } = parsed
    const count = countReferences(refs)
    if (count === 0) return [bytes]
    const edits: TextEdit[] = []
    let ownMap = -1
    for (let index = 0; index < count; index++) {
      const target = targetAt(refs, index)
      if (ownedMaps.get(target) === parsed.file.name) {
        ownMap = index
      } else if (!skip?.has(target)) {
        edits.push(insertHash(refs, index, hashOf(target)))
      }
    }
    if (ownMap !== -1 && !skip) {
      const map = byName.get(targetAt(refs, ownMap))!
      const original = load(map)
      const composed = composeSourceMap(bytes, edits, basename(parsed.file.name), new TextDecoder().decode(original))
      const mapBytes = composed === undefined ? original : encoder.encode(composed)
      finish(map, [mapBytes], contentDigest(mapBytes))
      edits.push(insertHash(refs, ownMap, hashOf(map.file.name)))
    }
    return applyEdits(bytes, edits)
  }
}
