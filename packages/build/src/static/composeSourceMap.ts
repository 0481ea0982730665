import remapping from '@jridgewell/remapping'
import type MagicString from 'magic-string'

/**
 * The source map of a rewritten file: the edits made by `edited` (relative to its original text)
 * composed with the file's original map, so positions still lead to the original sources.
 * Returns `undefined` when the original map is not valid JSON.
 */
export function composeSourceMap(edited: MagicString, fileName: string, originalMap: string): string | undefined {
  let original: { file?: string }
  try {
    original = JSON.parse(originalMap) as { file?: string }
  } catch {
    return undefined
  }
  const edits = edited.generateMap({ source: fileName, hires: 'boundary' })
  const composed = remapping([edits.toString(), originalMap], () => null)
  if (original.file !== undefined) composed.file = original.file
  return JSON.stringify(composed)
}
