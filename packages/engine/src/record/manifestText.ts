import type { Manifest } from '@assetmap/runtime'
import { validFile } from './createManifest.ts'
import type { OutputFile } from '../table/types.ts'
import { put } from './stableStringify.ts'
import { BODY, COMPACT, keyBefore, opening, PRETTY, quote, TEXT_START, textEnd, textMiddle, type RecordLayout } from './manifestLayout.ts'

// The text of a static-only manifest kept as one serialized piece per record, in the order
// `stableStringify(createManifest(…))` writes them, so that a rebuild re-serializes only the
// records that changed and joins the rest as they are. Both texts come from the same pieces: the
// file's (two-space indented) and the compact body whose sha256 is the release id.

/**
 * One record of the manifest, encoded, each with the separator that goes before it (`,`): the
 * first record's is cut off. Kept as bytes, not strings: a string made by concatenation is a
 * rope that every join walks again, and the file is written as bytes anyway.
 */
interface Piece {
  pretty: Buffer
  compact: Buffer
}

/** Records per block: a change re-joins its block only, and the file is a few hundred blocks long. */
const BLOCK = 64

/** Records of one object, kept in key order, and joined by blocks. */
class SortedPieces {
  readonly keys: string[] = []
  readonly #pieces: Piece[] = []
  /** Each block's records joined, or `undefined` once one of them changed. */
  readonly #blocks: Array<Piece | undefined> = []

  /** Where `key` is, or where it would go. */
  #find(key: string): number {
    let low = 0
    let high = this.keys.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (keyBefore(this.keys[middle]!, key)) low = middle + 1
      else high = middle
    }
    return low
  }

  /** Forgets the joined blocks of records `from` to `to` (inclusive). */
  #changed(from: number, to: number): void {
    const last = Math.min(Math.floor(to / BLOCK), this.#blocks.length - 1)
    for (let block = Math.floor(from / BLOCK); block <= last; block++) this.#blocks[block] = undefined
  }

  /**
   * Sets the record `key`, first removing the record `previous` (a file whose output got a new
   * name): only the records between the two places move, and only their blocks are joined again.
   */
  set(key: string, piece: Piece, previous?: string): void {
    let from = Infinity
    let to = -1
    if (previous !== undefined && previous !== key) {
      const at = this.#find(previous)
      if (this.keys[at] === previous) {
        this.keys.splice(at, 1)
        this.#pieces.splice(at, 1)
        from = to = at
      }
    }
    const at = this.#find(key)
    if (this.keys[at] === key) this.#pieces[at] = piece
    else {
      this.keys.splice(at, 0, key)
      this.#pieces.splice(at, 0, piece)
      // Without a removal to make up for it, every later record moves.
      if (to < 0) to = this.keys.length
    }
    this.#changed(Math.min(from, at), Math.max(to, at))
    this.#blocks.length = Math.ceil(this.keys.length / BLOCK)
  }

  /** The object as `JSON.stringify(…, null, 2)` writes it one level down (`pretty`), or compact, in parts. */
  parts(kind: keyof Piece): Buffer[] {
    if (this.keys.length === 0) return [EMPTY]
    const parts = [OPEN[kind]]
    for (let block = 0; block < this.#blocks.length; block++) {
      let joined = this.#blocks[block]
      if (joined === undefined) {
        const pieces = this.#pieces.slice(block * BLOCK, (block + 1) * BLOCK)
        joined = { pretty: Buffer.concat(pieces.map((piece) => piece.pretty)), compact: Buffer.concat(pieces.map((piece) => piece.compact)) }
        this.#blocks[block] = joined
      }
      // The first record has no separator before it.
      parts.push(block === 0 ? joined[kind].subarray(1) : joined[kind])
    }
    parts.push(CLOSE[kind])
    return parts
  }
}

const EMPTY = Buffer.from(opening(0))
const OPEN: Piece = { pretty: Buffer.from(opening(1)), compact: Buffer.from(opening(1)) }
const CLOSE: Piece = { pretty: Buffer.from(PRETTY.close), compact: Buffer.from(COMPACT.close) }

/** One piece of each layout, written by `record`. */
function piece(record: (layout: RecordLayout) => string): Piece {
  return { pretty: Buffer.from(record(PRETTY)), compact: Buffer.from(record(COMPACT)) }
}

function assetPiece(name: string, output: string): Piece {
  return piece((layout) => layout.next + layout.asset(quote(name), quote(output)))
}

function filePiece(path: string, { integrity, size }: OutputFile): Piece {
  return piece((layout) => layout.next + layout.file(quote(path), quote(integrity), size))
}

/**
 * A static-only manifest (no entries, no precompressed variants) that is updated record by record.
 * `assets` and `files` are the manifest's records, changed in place.
 */
export class ManifestText {
  readonly #assets = new SortedPieces()
  readonly #files = new SortedPieces()
  readonly assets: Manifest['assets'] = {}
  readonly files: Manifest['files'] = {}

  /**
   * Sets `name` to `output` with its file record, replacing the file record of its last output
   * (static outputs are one per name). False when the records would not pass `validateManifest`:
   * then make the manifest with `createManifest`, which says why.
   */
  set(name: string, output: string, file: OutputFile): boolean {
    if (typeof output !== 'string' || !validFile(output, file)) return false
    const previous = Object.hasOwn(this.assets, name) ? this.assets[name] : undefined
    if (previous !== undefined && previous !== output) delete this.files[previous]
    const known = Object.hasOwn(this.files, output) ? this.files[output] : undefined
    if (previous !== output || known?.integrity !== file.integrity || known.size !== file.size) {
      put(this.files, output, { integrity: file.integrity, size: file.size })
      this.#files.set(output, filePiece(output, file), previous)
    }
    if (previous !== output) {
      put(this.assets, name, output)
      this.#assets.set(name, assetPiece(name, output))
    }
    return true
  }

  /** The compact JSON of the key-sorted body `{ assets, entries, files }`, as `createManifest` hashes it for the release id, in parts. */
  body(): Buffer[] {
    return [BODY_START, ...this.#assets.parts('compact'), BODY_MIDDLE, ...this.#files.parts('compact'), BODY_END]
  }

  /** The file's bytes, in parts: what `stableStringify` writes for this manifest. */
  text(base: string, pinnedBase: string | undefined, release: string): Buffer[] {
    return [TEXT_START_BYTES, ...this.#assets.parts('pretty'), Buffer.from(textMiddle(base)), ...this.#files.parts('pretty'), Buffer.from(textEnd(pinnedBase, release))]
  }
}

const BODY_START = Buffer.from(BODY.start)
const BODY_MIDDLE = Buffer.from(BODY.middle)
const BODY_END = Buffer.from(BODY.end)
const TEXT_START_BYTES = Buffer.from(TEXT_START)
