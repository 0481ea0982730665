import type { Hash } from 'node:crypto'
import { validFile } from './createManifest.ts'
import type { OutputFile } from '../table/types.ts'
import { ByteChunks } from '../io/byteChunks.ts'
import { BODY, COMPACT, jsonKeyOrder, opening, PRETTY, quote, TEXT_START, textEnd, textMiddle } from './manifestLayout.ts'

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

/** Records per block: each block's text is made as one string and written with one call (fewer calls into C++ than strings). */
const BLOCK = 256

/**
 * Both texts of a manifest, a block of records at a time: the file's, into large buffers, and the
 * compact body, into the hash of the release id (never held whole).
 */
class Blocks {
  readonly text = new ByteChunks()
  readonly hash: Hash | undefined
  #pretty = ''
  #compact = ''
  #records = 0

  constructor(hashing: boolean) {
    this.hash = hashing ? process.getBuiltinModule('node:crypto').createHash('sha256') : undefined
  }

  add(pretty: string, compact: string): void {
    this.#pretty += pretty
    if (this.hash) this.#compact += compact
  }

  /** Adds a record's texts (`compact` is unused without a hash). */
  record(pretty: string, compact: string): void {
    this.add(pretty, compact)
    if (++this.#records % BLOCK === 0) this.flush()
  }

  flush(): void {
    this.text.write(this.#pretty)
    this.hash?.update(this.#compact)
    this.#pretty = this.#compact = ''
  }
}

/**
 * The manifest file of a static-only build, written straight from the records, in key order,
 * into a few large buffers; the release id is the sha256 of the compact key-sorted body, as
 * `createManifest` derives it. No object is made per record, nor a string held beyond its block.
 * `undefined` when a record would not pass `validateManifest` (let `createManifest` say why).
 */
export function encodeStaticManifest(input: StaticManifestInput): EncodedManifest | undefined {
  const { assets, files } = input
  const blocks = new Blocks(input.release === undefined)
  const hashing = blocks.hash !== undefined

  const names = jsonKeyOrder([...assets.keys()])
  blocks.add(TEXT_START + opening(names.length), BODY.start + opening(names.length))
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!
    const output = assets.get(name)
    if (typeof output !== 'string' || !files.has(output)) return undefined
    const key = quote(name)
    const value = quote(output)
    blocks.record(
      (index === 0 ? PRETTY.first : PRETTY.next) + PRETTY.asset(key, value),
      hashing ? (index === 0 ? COMPACT.first : COMPACT.next) + COMPACT.asset(key, value) : '',
    )
  }
  if (names.length > 0) blocks.add(PRETTY.close, COMPACT.close)

  const paths = jsonKeyOrder([...files.keys()])
  blocks.add(textMiddle(input.base) + opening(paths.length), BODY.middle + opening(paths.length))
  for (let index = 0; index < paths.length; index++) {
    const path = paths[index]!
    const file = files.get(path)!
    if (!validFile(path, file)) return undefined
    // A valid integrity is ASCII that JSON writes as it is.
    const key = quote(path)
    const integrity = `"${file.integrity}"`
    blocks.record(
      (index === 0 ? PRETTY.first : PRETTY.next) + PRETTY.file(key, integrity, file.size),
      hashing ? (index === 0 ? COMPACT.first : COMPACT.next) + COMPACT.file(key, integrity, file.size) : '',
    )
  }
  if (paths.length > 0) blocks.add(PRETTY.close, COMPACT.close)
  blocks.add('', BODY.end)
  blocks.flush()

  const release = blocks.hash ? blocks.hash.digest('hex').slice(0, 12) : input.release!
  blocks.text.write(textEnd(input.pinnedBase, release))
  return { release, parts: blocks.text.end() }
}
