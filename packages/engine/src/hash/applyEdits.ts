import type MagicString from 'magic-string'

/** A replacement of `[start, end)` by `text`: an empty range inserts, an empty `text` removes. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * A file's content as pieces, in order: hashed piece by piece and written with one `writev`,
 * never joined, so that a rewritten file costs no copy of itself.
 */
export type Pieces = readonly Uint8Array[]

/** Total size of `pieces`. */
export function piecesSize(pieces: Pieces): number {
  let size = 0
  for (const piece of pieces) size += piece.byteLength
  return size
}

/**
 * The bytes with non-overlapping edits (in byte offsets, in any order) applied, `text` written as
 * UTF-8: views of `bytes` between the edits, and the inserted text.
 */
export function applyEdits(bytes: Uint8Array, edits: readonly TextEdit[]): Pieces {
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  const pieces: Uint8Array[] = []
  let from = 0
  for (const edit of sorted) {
    if (edit.start > from) pieces.push(bytes.subarray(from, edit.start))
    if (edit.text !== '') pieces.push(Buffer.from(edit.text))
    from = edit.end
  }
  if (from < bytes.byteLength || pieces.length === 0) pieces.push(bytes.subarray(from))
  return pieces
}

/** The same edits (in character offsets) on a MagicString, for when a source map of them is needed. */
export function applyEditsTo(edited: MagicString, edits: readonly TextEdit[]): MagicString {
  for (const edit of edits) {
    if (edit.start === edit.end) edited.appendLeft(edit.start, edit.text)
    else if (edit.text === '') edited.remove(edit.start, edit.end)
    else edited.overwrite(edit.start, edit.end, edit.text)
  }
  return edited
}
