import type MagicString from 'magic-string'

/** A replacement of `[start, end)` by `text`: an empty range inserts, an empty `text` removes. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/**
 * The bytes with non-overlapping edits (in byte offsets, in any order) applied, `text` written as
 * UTF-8.
 */
export function applyEdits(bytes: Uint8Array, edits: readonly TextEdit[]): Uint8Array {
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  let size = bytes.byteLength
  for (const edit of sorted) size += Buffer.byteLength(edit.text) - (edit.end - edit.start)
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const target = Buffer.allocUnsafeSlow(size)
  let from = 0
  let to = 0
  for (const edit of sorted) {
    to += source.copy(target, to, from, edit.start)
    to += target.write(edit.text, to)
    from = edit.end
  }
  source.copy(target, to, from)
  return target
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
