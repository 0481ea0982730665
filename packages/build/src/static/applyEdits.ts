import type MagicString from 'magic-string'

/** A replacement of `text.slice(start, end)`; an empty `text` removes the range. */
export interface TextEdit {
  start: number
  end: number
  text: string
}

/** The text with non-overlapping edits applied (in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  let result = ''
  let at = 0
  for (const edit of sorted) {
    result += text.slice(at, edit.start) + edit.text
    at = edit.end
  }
  return result + text.slice(at)
}

/** The same edits on a MagicString, for when a source map of them is needed. */
export function applyEditsTo(edited: MagicString, edits: readonly TextEdit[]): MagicString {
  for (const edit of edits) {
    if (edit.text === '') edited.remove(edit.start, edit.end)
    else edited.overwrite(edit.start, edit.end, edit.text)
  }
  return edited
}
