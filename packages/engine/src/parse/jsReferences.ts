import { init, parse } from 'es-module-lexer'
import type { Reference } from '../table/types.ts'

/** A whole line that is a source-map comment (CR of a CRLF line end allowed). */
const SOURCE_MAP_LINE = /^[ \t]*\/\/[#@][ \t]*sourceMappingURL=([^\s'"`]+)[ \t]*\r?$/

/** A source-map comment after code on its line: `//#`, then what follows the URL up to the line's end. */
const COMMENT_OPENING = /\/\/[#@][ \t]*$/
const URL_TO_LINE_END = /^([^\s'"`]+)[ \t]*\r?$/

/**
 * `new URL(` and a string without escapes (or a template without substitutions), then `,`, as
 * they end the text before an `import.meta`: the string's text is group 1, 2 or 3.
 */
const NEW_URL_OPENING = /\bnew\s+URL\s*\(\s*(?:'([^'\\\r\n]*)'|"([^"\\\r\n]*)"|`([^`\\$]*)`)\s*,\s*$/d
/** What follows that `import.meta`: `.url` and the closing parenthesis (a trailing comma allowed). */
const META_URL_CLOSING = /^\.url\s*(?:,\s*)?\)/
/** How far before `import.meta` its `new URL('…',` is looked for: longer paths are not rewritten. */
const NEW_URL_REACH = 2048

let ready: Promise<void> | undefined

/** Loads the lexer's WebAssembly on first use; await it before `jsReferences`. */
export function jsLexerReady(): Promise<void> {
  ready ??= init()
  return ready
}

/**
 * Whether the `//` at `at` opens a comment in code, not text inside a string, template, regular
 * expression or comment. The lexer decides, as it knows which: with the rest of the line replaced
 * by `import.meta;`, it finds that expression at `at` only if `at` is in code (inside a string
 * the line's closing quote is gone, and the file no longer parses).
 */
function opensComment(code: string, at: number): boolean {
  const lineEnd = code.indexOf('\n', at)
  try {
    const [imports] = parse(`${code.slice(0, at)}import.meta;${lineEnd === -1 ? '' : code.slice(lineEnd)}`)
    return imports.some((specifier) => specifier.type === 'import-meta' && specifier.start === at)
  } catch {
    return false
  }
}

/**
 * The script's source-map comment: the last `//# sourceMappingURL=…` comment, on a line of its
 * own or after code, wherever it is in the file, as browsers read it (Django's own fixtures put it
 * on the first line, code after it; `var fun; //# sourceMappingURL=…` is honoured too).
 */
export function sourceMapReference(code: string): Reference | undefined {
  for (let at = code.lastIndexOf('sourceMappingURL='); at !== -1; at = at === 0 ? -1 : code.lastIndexOf('sourceMappingURL=', at - 1)) {
    const lineStart = code.lastIndexOf('\n', at) + 1
    const newline = code.indexOf('\n', at)
    const lineEnd = newline === -1 ? code.length : newline
    const start = at + 'sourceMappingURL='.length
    let match = SOURCE_MAP_LINE.exec(code.slice(lineStart, lineEnd))
    if (!match) {
      // Rarer, and costlier to tell from text in a string: after code on the same line.
      const before = code.slice(lineStart, at)
      const opening = COMMENT_OPENING.exec(before)
      match = opening && URL_TO_LINE_END.exec(code.slice(start, lineEnd))
      const slashes = lineStart + opening!.index
      // `a ///# …` is a comment that starts one slash earlier and says `/# …`: no source map.
      if (!match || !opensComment(code, slashes) || (code[slashes - 1] === '/' && opensComment(code, slashes - 1))) continue
    }
    return { start, end: start + match[1]!.length, value: match[1]!, kind: 'sourcemap' }
  }
  return undefined
}

/**
 * The URL string of `new URL('./x.svg', import.meta.url)`, given where its `import.meta` is
 * (found by the lexer, so in code): a module reaching its own file (Vite, webpack and Parcel
 * rewrite the same form). Only a string literal with `import.meta.url` itself; anything else is
 * left to run as written.
 */
function newUrlReference(code: string, metaStart: number, metaEnd: number): Reference | undefined {
  if (!META_URL_CLOSING.test(code.slice(metaEnd, metaEnd + 16))) return undefined
  const from = Math.max(0, metaStart - NEW_URL_REACH)
  const match = NEW_URL_OPENING.exec(code.slice(from, metaStart))
  if (!match) return undefined
  const group = match[1] !== undefined ? 1 : match[2] !== undefined ? 2 : 3
  const [start, end] = match.indices![group]!
  return { start: from + start, end: from + end, value: match[group]!, kind: 'url' }
}

/**
 * Finds the module specifiers (`import … from`, `export … from`, `import 'x'`, `import('x')`
 * with a string literal) with es-module-lexer, the URL of each `new URL('x', import.meta.url)`,
 * and the source-map comment. Specifiers are returned whatever they say; which to rewrite is
 * decided later. Throws when the file is not valid JavaScript.
 */
export function jsReferences(code: string, fileName: string): Reference[] {
  const [imports] = parse(code, fileName)
  const refs: Reference[] = []
  for (const specifier of imports) {
    if (specifier.type === 'import-meta') {
      const url = newUrlReference(code, specifier.start, specifier.end)
      if (url) refs.push(url)
      continue
    }
    if (typeof specifier.specifier !== 'string') continue
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
