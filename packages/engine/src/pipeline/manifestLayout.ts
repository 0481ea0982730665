// The text of a static-only manifest (no entries, no variants) around its records, as
// `stableStringify(createManifest(…))` writes it (`pretty`) and as `createManifest` hashes its
// body for the release id (`compact`). `ManifestText` (a watch's, record by record) and
// `encodeStaticManifest` (a one-shot build's, all at once) both write it from here.

/** What goes before each record but the first (whose is `first`), between its key and its value, and around a file record's fields. */
export interface RecordLayout {
  first: string
  next: string
  colon: string
  /** Before a file's integrity, between its integrity and size, after its size. */
  file: readonly [string, string, string]
  /** After the last record of an object. */
  close: string
}

export const PRETTY: RecordLayout = {
  first: '\n    ',
  next: ',\n    ',
  colon: ': ',
  file: ['{\n      "integrity": ', ',\n      "size": ', '\n    }'],
  close: '\n  }',
}

export const COMPACT: RecordLayout = { first: '', next: ',', colon: ':', file: ['{"integrity":', ',"size":', '}'], close: '}' }

/** An object without records. */
export const EMPTY = '{}'
export const OPEN = '{'

/** The compact body `{ assets, entries, files }` up to the assets, between them and the files, and after. */
export const BODY = { start: '{"assets":', middle: ',"entries":{},"files":', end: '}' } as const

/** The file's text up to the assets. */
export const TEXT_START = '{\n  "assets": '

/** The file's text between the assets and the files. */
export function textMiddle(base: string): string {
  return `,\n  "base": ${JSON.stringify(base)},\n  "entries": {},\n  "files": `
}

/** The file's text after the files. */
export function textEnd(pinnedBase: string | undefined, release: string): string {
  const pinned = pinnedBase === undefined ? '' : `,\n  "pinnedBase": ${JSON.stringify(pinnedBase)}`
  return `${pinned},\n  "release": ${JSON.stringify(release)},\n  "version": 1\n}\n`
}

/** Whether JSON.stringify lists `key` first, in numeric order (an array index), as it does for any object. */
export function isIndex(key: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295
}

/** The order of keys in the JSON of a key-sorted object: array indexes first, by value, then the rest sorted. */
export function keyBefore(a: string, b: string): boolean {
  const indexA = isIndex(a)
  if (indexA !== isIndex(b)) return indexA
  return indexA ? Number(a) < Number(b) : a < b
}

/** `keys` in the order JSON.stringify writes a key-sorted object's (`keyBefore`): sorted in place, then indexes moved first. */
export function jsonKeyOrder(keys: string[]): string[] {
  keys.sort()
  // Names that are array indexes ("404", "7") are rare: most builds never make the second list.
  if (!keys.some(isIndex)) return keys
  const indexes = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b))
  return [...indexes, ...keys.filter((key) => !isIndex(key))]
}
