// The text of a static-only manifest (no entries, no variants) around and inside its records, as
// `stableStringify(createManifest(…))` writes it (`PRETTY`) and as `createManifest` hashes its
// body for the release id (`COMPACT`). `ManifestText` (a watch's, record by record) and
// `encodeStaticManifest` (a one-shot build's, all at once) both write it from here.

/** One layout of an object's records. Strings given to `asset` and `file` are JSON already. */
export interface RecordLayout {
  /** Before the first record. */
  first: string
  /** Before every record after the first. */
  next: string
  /** After the last record of an object. */
  close: string
  asset(name: string, output: string): string
  file(path: string, integrity: string, size: number): string
}

export const PRETTY: RecordLayout = {
  first: '\n    ',
  next: ',\n    ',
  close: '\n  }',
  asset: (name, output) => `${name}: ${output}`,
  file: (path, integrity, size) => `${path}: {\n      "integrity": ${integrity},\n      "size": ${size}\n    }`,
}

export const COMPACT: RecordLayout = {
  first: '',
  next: ',',
  close: '}',
  asset: (name, output) => `${name}:${output}`,
  file: (path, integrity, size) => `${path}:{"integrity":${integrity},"size":${size}}`,
}

/** The opening of an object with `records` records (the whole object when it has none). */
export function opening(records: number): string {
  return records === 0 ? '{}' : '{'
}

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

/** Printable ASCII but `"` and `\`: what JSON.stringify writes as it is. */
const PLAIN = /^[ !#-[\]-~]*$/

/** `JSON.stringify(text)`, without its call for the usual name (quotes around it). */
export function quote(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text)
}

// A regular expression literal is a new object each time it is evaluated: this one is tested on every name.
const INDEX = /^(?:0|[1-9]\d{0,9})$/

/** Whether JSON.stringify lists `key` first, in numeric order (an array index), as it does for any object. */
export function isIndex(key: string): boolean {
  return INDEX.test(key) && Number(key) < 4294967295
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
