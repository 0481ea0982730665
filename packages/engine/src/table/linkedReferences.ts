import type { Reference } from './types.ts'

/** The kinds of reference, each by its position here: in `LinkedReferences` and in the build cache. */
export const KINDS: readonly Reference['kind'][] = ['url', 'import', 'module', 'sourcemap']

/**
 * A file's references to files the build knows, in one flat array: for each, the logical name of
 * the file it names, then one number for where `.hash` goes in the file's bytes (`at`: before the
 * extension of the reference's last path segment) and its kind: `at * KINDS.length + kind`.
 * One array per file, not an object per reference: a build keeps every parsed file's references
 * until it ends (44,000 objects for the 10k tree, each copied by the garbage collector as it
 * grows old).
 */
export type LinkedReferences = Array<string | number>

/** Appends a reference (`kind`: its position in `KINDS`). */
export function addReference(refs: LinkedReferences, target: string, kind: number, at: number): void {
  refs.push(target, at * KINDS.length + kind)
}

/** How many references the list holds. */
export function countReferences(refs: LinkedReferences): number {
  return refs.length / 2
}

/** The logical name the `index`th reference names. */
export function targetAt(refs: LinkedReferences, index: number): string {
  return refs[index * 2] as string
}

/** The position in `KINDS` of the `index`th reference's kind. */
export function kindAt(refs: LinkedReferences, index: number): number {
  return (refs[index * 2 + 1] as number) % KINDS.length
}

/** The byte offset where the `index`th reference takes `.hash`. */
export function offsetAt(refs: LinkedReferences, index: number): number {
  return Math.floor((refs[index * 2 + 1] as number) / KINDS.length)
}

/** Moves the `index`th reference's offset to `at` (character offsets made byte offsets). */
export function moveReference(refs: LinkedReferences, index: number, at: number): void {
  refs[index * 2 + 1] = at * KINDS.length + kindAt(refs, index)
}

const SOURCE_MAP = KINDS.indexOf('sourcemap')

/** Index of the first source-map reference, or -1. */
export function sourceMapIndex(refs: LinkedReferences): number {
  for (let index = 0; index < countReferences(refs); index++) if (kindAt(refs, index) === SOURCE_MAP) return index
  return -1
}

/** Whether one of the references is not a source map (a file that is rewritten, not only renamed with its map). */
export function refersBeyondMaps(refs: LinkedReferences): boolean {
  for (let index = 0; index < countReferences(refs); index++) if (kindAt(refs, index) !== SOURCE_MAP) return true
  return false
}
