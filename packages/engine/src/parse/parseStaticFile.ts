import { isAscii } from 'node:buffer'
import { textKind } from '../table/fileKinds.ts'
import { classifyReference } from './classifyReference.ts'
import { cssReferences } from './cssReferences.ts'
import { hashPosition } from '../table/hashedName.ts'
import { jsReferences } from './jsReferences.ts'
import { addReference, KINDS, moveReference, offsetAt, countReferences, type LinkedReferences } from '../table/linkedReferences.ts'
import type { Reference, StaticFile } from '../table/types.ts'
import { NO_NOTES } from '../table/report.ts'
import { leftForImportMap } from '../table/importMapMode.ts'

/**
 * A static file read and scanned. Only positions are kept, not the decoded text: the output is
 * spliced from the bytes. It is also what the next build's cache keeps of the file's parsing
 * (a `CachedText`): one object per file, not two.
 */
export interface ParsedFile {
  file: StaticFile
  /** The bytes as read; the caller may drop them to save memory (and read them again). */
  bytes: Uint8Array | undefined
  size: number
  /** Whether it was scanned as CSS or JS (UTF-8 that parses); only such files are rewritten. */
  scanned: boolean
  /** Its references to files the build knows, each renamed by inserting `.hash` into the file's bytes. */
  refs: LinkedReferences
  /** What parsing it warned of, and its broken references, said again whenever a build spares parsing it. */
  warnings: readonly string[]
  broken: readonly string[]
}

/** `list` with `note` added: a new array in place of `NO_NOTES`, else the same one. */
function added(list: readonly string[], note: string): readonly string[] {
  if (list === NO_NOTES) return [note]
  ;(list as string[]).push(note)
  return list
}

/** Where to report what is wrong with a file's references. */
export interface ParseReport {
  warn(message: string): void
  broken(description: string): void
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Turns character offsets of `text` into UTF-8 byte offsets, in place (for files that are not ASCII). */
function toByteOffsets(text: string, { refs }: ParsedFile): void {
  const count = countReferences(refs)
  const positions: number[] = []
  for (let index = 0; index < count; index++) positions.push(offsetAt(refs, index))
  positions.sort((a, b) => a - b)
  const bytes = new Map<number, number>()
  let char = 0
  let byte = 0
  for (const position of positions) {
    byte += Buffer.byteLength(text.slice(char, position))
    char = position
    bytes.set(position, byte)
  }
  for (let index = 0; index < count; index++) moveReference(refs, index, bytes.get(offsetAt(refs, index))!)
}

/**
 * Finds the references of one static file and resolves them against the known files (by
 * logical name). A file that is not UTF-8 or does not parse is passed through unchanged, with a
 * warning. What it reports is also kept in the result. In import-map mode (`importMap`), module
 * specifiers are checked but never linked: they stay as written.
 */
export function parseStaticFile(file: StaticFile, bytes: Uint8Array, known: ReadonlyMap<string, StaticFile>, basePath: string, reportTo: ParseReport, importMap = false): ParsedFile {
  const parsed: ParsedFile = { file, bytes, size: bytes.byteLength, scanned: false, refs: [], warnings: NO_NOTES, broken: NO_NOTES }
  const report: ParseReport = {
    warn(message) {
      parsed.warnings = added(parsed.warnings, message)
      reportTo.warn(message)
    },
    broken(description) {
      parsed.broken = added(parsed.broken, description)
      reportTo.broken(description)
    },
  }
  const kind = textKind(file.name)
  if (!kind) return parsed
  const ascii = isAscii(bytes)
  let text: string
  try {
    // Plain ASCII (most CSS and JS) needs no UTF-8 decoding, and its offsets are byte offsets.
    text = ascii ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1') : decoder.decode(bytes)
  } catch {
    report.warn(`${file.name}: not valid UTF-8; copied unchanged, references not rewritten.`)
    return parsed
  }
  let found: Reference[]
  try {
    found = kind === 'css' ? cssReferences(text) : jsReferences(text, file.name)
  } catch (error) {
    report.warn(`${file.name}: cannot be parsed as JavaScript (${(error as Error).message.split('\n')[0]}); copied unchanged, references not rewritten.`)
    return parsed
  }
  parsed.scanned = true
  for (const ref of found) {
    if (ref.kind === 'module' && !ref.value.startsWith('.') && !ref.value.startsWith('/')) continue
    const local = classifyReference(ref.value, { from: file.name, basePath })
    if (!local) continue
    // The known file's own name, so that nothing kept refers into the decoded text.
    const target = known.get(local.target)?.name
    if (target !== undefined) {
      if (leftForImportMap(ref.kind, target, importMap)) continue
      const inValue = local.segmentStart + hashPosition(ref.value.slice(local.segmentStart, local.pathEnd))
      const at = ref.offsets ? ref.offsets[inValue]! : ref.start + inValue
      addReference(parsed.refs, target, KINDS.indexOf(ref.kind), at)
    } else if (ref.kind === 'sourcemap') {
      // Left as written, like any other reference to a missing file (docs/design.md invariant 6).
      report.warn(`${file.name}: source map "${ref.value}" does not exist (${local.target}); left as written.`)
      report.broken(`${file.name} → ${ref.value} (missing source map)`)
    } else {
      report.warn(`${file.name}: "${ref.value}" points at ${local.target}, which is not in the static dirs; left as written.`)
      report.broken(`${file.name} → ${ref.value}`)
    }
  }
  if (!ascii) toByteOffsets(text, parsed)
  // A copy of its length: the list grew by half again plus 16 slots at a time, and is kept to the end of the build.
  parsed.refs = parsed.refs.slice()
  return parsed
}
