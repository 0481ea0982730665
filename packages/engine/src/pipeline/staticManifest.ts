import type { OutputFile } from '../createManifest.ts'
import { ByteChunks } from './byteChunks.ts'
import { BODY, COMPACT, EMPTY, jsonKeyOrder, OPEN, PRETTY, TEXT_START, textEnd, textMiddle, type RecordLayout } from './manifestLayout.ts'
import { validFile } from './manifestText.ts'

/** What a static-only manifest is made of (no entries, no variants). */
export interface StaticManifestInput {
  /** Normalized. */
  base: string
  /** Normalized. */
  pinnedBase: string | undefined
  /** Validated; derived from the content when `undefined`. */
  release: string | undefined
  /** Logical name → output path. */
  assets: ReadonlyMap<string, string>
  /** Output path → size and integrity. */
  files: ReadonlyMap<string, OutputFile>
}

/** A manifest's file, encoded. */
export interface EncodedManifest {
  release: string
  /** The bytes of `stableStringify(createManifest(…))`, in parts. */
  parts: Buffer[]
}

/** Bytes per part of the file's text: a 10,000-file manifest (2.2 MB) is nine of them. */
const TEXT_CHUNK = 256 * 1024
/** Bytes the compact body is hashed by: it is never held whole. */
const BODY_CHUNK = 64 * 1024
/** What a record writes besides its strings, at most (separator, colon, `PRETTY.file`, the size's digits). */
const RECORD_FIXED = 96

/**
 * The manifest file of a static-only build, written straight from the records, in key order,
 * into a few large buffers; the release id is the sha256 of the compact key-sorted body, streamed
 * through one small buffer, as `createManifest` derives it. No object is made per record.
 * `undefined` when a record would not pass `validateManifest` (let `createManifest` say why).
 */
export function encodeStaticManifest(input: StaticManifestInput): EncodedManifest | undefined {
  const { assets, files } = input
  const parts: Buffer[] = []
  const text = new ByteChunks(TEXT_CHUNK, (bytes) => parts.push(bytes))
  const hash = input.release === undefined ? process.getBuiltinModule('node:crypto').createHash('sha256') : undefined
  const body = hash && new ByteChunks(BODY_CHUNK, (bytes) => hash.update(bytes), true)

  put(text, TEXT_START)
  if (body) put(body, BODY.start)
  const names = jsonKeyOrder([...assets.keys()])
  opening(text, body, names.length)
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!
    const output = assets.get(name)
    if (typeof output !== 'string' || !files.has(output)) return undefined
    writeAsset(text, PRETTY, index, name, output)
    if (body) writeAsset(body, COMPACT, index, name, output)
  }
  closing(text, body, names.length)

  put(text, textMiddle(input.base))
  if (body) put(body, BODY.middle)
  const paths = jsonKeyOrder([...files.keys()])
  opening(text, body, paths.length)
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index]!
    const file = files.get(path)!
    if (!validFile(path, file)) return undefined
    writeFile(text, PRETTY, index, path, file)
    if (body) writeFile(body, COMPACT, index, path, file)
  }
  closing(text, body, paths.length)

  let release = input.release
  if (body) {
    put(body, BODY.end)
    body.end()
    release = hash!.digest('hex').slice(0, 12)
  }
  put(text, textEnd(input.pinnedBase, release!))
  text.end()
  return { release: release!, parts }
}

function put(chunks: ByteChunks, text: string): void {
  chunks.room(3 * text.length)
  chunks.raw(text)
}

/** An object's opening brace in both texts (or the whole object, when it has no records). */
function opening(text: ByteChunks, body: ByteChunks | undefined, records: number): void {
  const brace = records === 0 ? EMPTY : OPEN
  put(text, brace)
  if (body) put(body, brace)
}

function closing(text: ByteChunks, body: ByteChunks | undefined, records: number): void {
  if (records === 0) return
  put(text, PRETTY.close)
  if (body) put(body, COMPACT.close)
}

function writeAsset(chunks: ByteChunks, layout: RecordLayout, index: number, name: string, output: string): void {
  chunks.room(RECORD_FIXED + 6 * (name.length + output.length))
  chunks.raw(index === 0 ? layout.first : layout.next)
  chunks.json(name)
  chunks.raw(layout.colon)
  chunks.json(output)
}

function writeFile(chunks: ByteChunks, layout: RecordLayout, index: number, path: string, file: OutputFile): void {
  // A valid integrity is ASCII that JSON writes as it is.
  chunks.room(RECORD_FIXED + 6 * path.length + file.integrity.length)
  chunks.raw(index === 0 ? layout.first : layout.next)
  chunks.json(path)
  chunks.raw(layout.colon)
  chunks.raw(layout.file[0])
  chunks.json(file.integrity)
  chunks.raw(layout.file[1])
  chunks.integer(file.size)
  chunks.raw(layout.file[2])
}
