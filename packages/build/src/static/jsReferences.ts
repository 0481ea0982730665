import { init, parse } from 'es-module-lexer'
import type { Reference } from './types.ts'

const SOURCE_MAP_LINE = /(?:^|\n)[ \t]*\/\/[#@][ \t]*sourceMappingURL=([^\s'"`]+)[ \t]*\r?\n?\s*$/

let ready: Promise<void> | undefined

/** Loads the lexer's WebAssembly on first use; await it before `jsReferences`. */
export function jsLexerReady(): Promise<void> {
  ready ??= init()
  return ready
}

/** The trailing `//# sourceMappingURL=` comment of a script, if any. */
export function sourceMapReference(code: string): Reference | undefined {
  const match = SOURCE_MAP_LINE.exec(code)
  if (!match) return undefined
  const start = code.lastIndexOf(match[1]!)
  return { start, end: start + match[1]!.length, value: match[1]!, kind: 'sourcemap' }
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
