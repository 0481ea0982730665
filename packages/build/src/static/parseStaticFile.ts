import { extname } from 'node:path'
import { classifyReference, type LocalReference } from './classifyReference.ts'
import { cssReferences } from './cssReferences.ts'
import { jsReferences } from './jsReferences.ts'
import type { Reference, StaticFile } from './types.ts'

/** A reference to a file the build knows: where it is, and what it names. */
export interface ResolvedReference extends Reference, LocalReference {}

/** A static file read and scanned. Files that are not rewritten have no `text`. */
export interface ParsedFile {
  file: StaticFile
  bytes: Uint8Array
  text?: string
  refs: ResolvedReference[]
  /** Source-map comments whose map is missing: removed from the output. */
  drops: Reference[]
}

/** Where to report what is wrong with a file's references. */
export interface ParseReport {
  warn(message: string): void
  broken(description: string): void
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Which scanner reads a file, by its extension; `undefined` for files never rewritten. */
export function textKind(name: string): 'css' | 'js' | undefined {
  const ext = extname(name).toLowerCase()
  return ext === '.css' ? 'css' : ext === '.js' || ext === '.mjs' ? 'js' : undefined
}

/**
 * Finds the references of one static file and resolves them against the known names. A file
 * that is not UTF-8 or does not parse is passed through unchanged, with a warning.
 */
export function parseStaticFile(file: StaticFile, bytes: Uint8Array, known: ReadonlySet<string>, basePath: string, report: ParseReport): ParsedFile {
  const opaque: ParsedFile = { file, bytes, refs: [], drops: [] }
  const kind = textKind(file.name)
  if (!kind) return opaque
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    report.warn(`${file.name}: not valid UTF-8; copied unchanged, references not rewritten.`)
    return opaque
  }
  let found: Reference[]
  try {
    found = kind === 'css' ? cssReferences(text) : jsReferences(text, file.name)
  } catch (error) {
    report.warn(`${file.name}: cannot be parsed as JavaScript (${(error as Error).message.split('\n')[0]}); copied unchanged, references not rewritten.`)
    return opaque
  }
  const parsed: ParsedFile = { file, bytes, text, refs: [], drops: [] }
  for (const ref of found) {
    if (ref.kind === 'module' && !ref.value.startsWith('.') && !ref.value.startsWith('/')) continue
    const local = classifyReference(ref.value, { from: file.name, basePath })
    if (!local) continue
    if (known.has(local.target)) {
      parsed.refs.push({ start: ref.start, end: ref.end, value: ref.value, kind: ref.kind, target: local.target, segmentStart: local.segmentStart, pathEnd: local.pathEnd })
    } else if (ref.kind === 'sourcemap') {
      parsed.drops.push(ref)
      report.warn(`${file.name}: source map "${ref.value}" does not exist (${local.target}); the comment is dropped.`)
      report.broken(`${file.name} → ${ref.value} (missing source map)`)
    } else {
      report.warn(`${file.name}: "${ref.value}" points at ${local.target}, which is not in the static dirs; left as written.`)
      report.broken(`${file.name} → ${ref.value}`)
    }
  }
  return parsed
}
