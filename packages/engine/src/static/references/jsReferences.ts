import { init, parse } from 'es-module-lexer'
import type { Reference } from '../types.ts'

/** A whole line that is a source-map comment (CR of a CRLF line end allowed). */
const SOURCE_MAP_LINE = /^[ \t]*\/\/[#@][ \t]*sourceMappingURL=([^\s'"`]+)[ \t]*\r?$/

let ready: Promise<void> | undefined

/** Loads the lexer's WebAssembly on first use; await it before `jsReferences`. */
export function jsLexerReady(): Promise<void> {
  ready ??= init()
  return ready
}

/**
 * The script's source-map comment: the last line that is `//# sourceMappingURL=…`, wherever it
 * is, as browsers read it (Django's own fixtures put it on the first line, code after it).
 */
export function sourceMapReference(code: string): Reference | undefined {
  for (let at = code.lastIndexOf('sourceMappingURL='); at !== -1; at = at === 0 ? -1 : code.lastIndexOf('sourceMappingURL=', at - 1)) {
    const lineStart = code.lastIndexOf('\n', at) + 1
    const newline = code.indexOf('\n', at)
    const match = SOURCE_MAP_LINE.exec(code.slice(lineStart, newline === -1 ? code.length : newline))
    if (!match) continue
    const start = at + 'sourceMappingURL='.length
    return { start, end: start + match[1]!.length, value: match[1]!, kind: 'sourcemap' }
  }
  return undefined
}

/**
 * Finds the module specifiers (`import … from`, `export … from`, `import 'x'`, `import('x')`
 * with a string literal) with es-module-lexer, plus the source-map comment. Specifiers are
 * returned whatever they say; which to rewrite is decided later. Throws when the file is not
 * valid JavaScript.
 */
export function jsReferences(code: string, fileName: string): Reference[] {
  const [imports] = parse(code, fileName)
  const refs: Reference[] = []
  for (const specifier of imports) {
    if (specifier.type === 'import-meta' || typeof specifier.specifier !== 'string') continue
    let { start, end } = specifier
    const quote = code[start]
    // Dynamic imports report the whole literal, quotes included.
    if (quote === '"' || quote === "'" || quote === '`') {
      start++
      end--
    }
    const value = code.slice(start, end)
    // A specifier written with escapes cannot be rewritten in place safely.
    if (value !== specifier.specifier) continue
    refs.push({ start, end, value, kind: 'module' })
  }
  const map = sourceMapReference(code)
  if (map) refs.push(map)
  return refs
}
