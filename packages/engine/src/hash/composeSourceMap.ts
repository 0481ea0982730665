import { isAscii } from 'node:buffer'
import type { default as Remapping } from '@jridgewell/remapping'
import type { default as MagicStringClass } from 'magic-string'
import { applyEditsTo, type TextEdit } from './applyEdits.ts'

let tools: { MagicString: typeof MagicStringClass; remapping: typeof Remapping } | undefined

/**
 * Loads what `composeSourceMap` needs. Only builds whose files name their own source maps use
 * it, so the other builds do not pay for loading it.
 */
export async function sourceMapToolsReady(): Promise<void> {
  if (tools) return
  const [{ default: MagicString }, { default: remapping }] = await Promise.all([import('magic-string'), import('@jridgewell/remapping')])
  tools = { MagicString, remapping }
}

/** The edits in character offsets of the decoded text (MagicString's unit) instead of byte offsets. */
function inCharacters(bytes: Buffer, edits: readonly TextEdit[]): readonly TextEdit[] {
  if (isAscii(bytes)) return edits
  const chars = (offset: number): number => bytes.toString('utf8', 0, offset).length
  return edits.map(({ start, end, text }) => ({ start: chars(start), end: chars(end), text }))
}

/**
 * The source map of a rewritten file: `edits` (in byte offsets of its original `bytes`) composed
 * with the file's original map, so positions still lead to the original sources. Returns
 * `undefined` when the original map is not valid JSON. Await `sourceMapToolsReady()` first.
 */
export function composeSourceMap(bytes: Uint8Array, edits: readonly TextEdit[], fileName: string, originalMap: string): string | undefined {
  if (!tools) throw new Error('composeSourceMap: await sourceMapToolsReady() first')
  let original: { file?: string }
  try {
    original = JSON.parse(originalMap) as { file?: string }
  } catch {
    return undefined
  }
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const editsMap = applyEditsTo(new tools.MagicString(source.toString('utf8')), inCharacters(source, edits)).generateMap({ source: fileName, hires: 'boundary' })
  const composed = tools.remapping([editsMap.toString(), originalMap], () => null)
  if (original.file !== undefined) composed.file = original.file
  return JSON.stringify(composed)
}
