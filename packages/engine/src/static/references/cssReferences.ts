import type { Reference } from '../types.ts'

const SOURCE_MAP_COMMENT = /^\/\*\s*[#@]\s*sourceMappingURL=(\S+?)\s*\*\/$/

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95 || code > 127
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f'
}

/**
 * Where the string that opens at `start` (a quote) ends, honouring backslash escapes: `end` is
 * where its text stops (the closing quote, or a newline or the end of the file for an unterminated
 * string), `next` the index after it.
 */
function stringBounds(css: string, start: number): { end: number; next: number } {
  const quote = css[start]
  let i = start + 1
  while (i < css.length && css[i] !== quote && css[i] !== '\n') i += css[i] === '\\' ? 2 : 1
  const end = Math.min(i, css.length)
  return { end, next: Math.min(i + 1, css.length) }
}

/** Records the string that opens at `start` as a reference; returns the index after it. */
function stringReference(css: string, start: number, kind: Reference['kind'], refs: Reference[]): number {
  const { end, next } = stringBounds(css, start)
  refs.push({ start: start + 1, end, value: css.slice(start + 1, end), kind })
  return next
}

function skipSpaces(css: string, i: number): number {
  while (isSpace(css[i])) i++
  return i
}

/** Whether `word` (lower case) starts at `i`, in any case, and is not the tail of a longer identifier. */
function matchesWord(css: string, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const code = css.charCodeAt(i + k)
    // Setting bit 0x20 lowercases ASCII letters; the other characters of `word` compare as they are.
    if ((code >= 65 && code <= 90 ? code | 0x20 : code) !== word.charCodeAt(k)) return false
  }
  return i === 0 || !isIdentChar(css.charCodeAt(i - 1))
}

/** Characters where a reference, a string or a comment may start; the scanner jumps between them. */
const NOTABLE = /[/"'uU@()]/g

/**
 * Finds the references in a stylesheet: `url()` (quoted or not), `@import "x"`, strings in
 * `image-set()`, and the `sourceMappingURL` comment. Text inside comments and other strings is
 * never a reference; a `data:` URL keeps any `url()` nested in it.
 */
export function cssReferences(css: string): Reference[] {
  const refs: Reference[] = []
  let imageSetDepth = 0
  let depth = 0
  let i = 0
  while (i < css.length) {
    NOTABLE.lastIndex = i
    if (NOTABLE.exec(css) === null) break
    i = NOTABLE.lastIndex - 1
    const char = css[i]
    if (char === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2)
      const end = close === -1 ? css.length : close + 2
      const match = SOURCE_MAP_COMMENT.exec(css.slice(i, end))
      if (match) {
        const start = css.indexOf(match[1]!, i)
        refs.push({ start, end: start + match[1]!.length, value: match[1]!, kind: 'sourcemap' })
      }
      i = end
    } else if (char === '"' || char === "'") {
      i = imageSetDepth > 0 && imageSetDepth <= depth ? stringReference(css, i, 'url', refs) : stringBounds(css, i).next
    } else if ((char === 'u' || char === 'U') && matchesWord(css, i, 'url(')) {
      i = scanUrl(css, i + 4, refs)
    } else if (char === '@' && matchesWord(css, i, '@import') && !isIdentChar(css.charCodeAt(i + 7))) {
      const at = skipSpaces(css, i + 7)
      if (css[at] === '"' || css[at] === "'") {
        i = stringReference(css, at, 'import', refs)
      } else {
        i = at
      }
    } else if (char === '(') {
      depth++
      if (imageSetDepth === 0 && (css.charCodeAt(i - 1) | 0x20) === 116 && /(-webkit-)?image-set$/i.test(css.slice(Math.max(0, i - 18), i))) imageSetDepth = depth
      i++
    } else if (char === ')') {
      if (depth === imageSetDepth) imageSetDepth = 0
      depth = Math.max(0, depth - 1)
      i++
    } else {
      i++
    }
  }
  return refs
}

/** Reads a `url(` body starting after the parenthesis; returns the index after its `)`. */
function scanUrl(css: string, from: number, refs: Reference[]): number {
  let i = skipSpaces(css, from)
  if (css[i] === '"' || css[i] === "'") {
    const end = stringReference(css, i, 'url', refs)
    const close = css.indexOf(')', end)
    return close === -1 ? css.length : close + 1
  }
  const start = i
  // Unquoted data: URIs sometimes carry their own parentheses (an SVG's url(#id)): balance them.
  let nested = 0
  while (i < css.length) {
    const char = css[i]
    if (char === '(') nested++
    else if (char === ')') {
      if (nested === 0) break
      nested--
    } else if (char === '\\') i++
    i++
  }
  let end = i
  while (end > start && isSpace(css[end - 1])) end--
  if (end > start) refs.push({ start, end, value: css.slice(start, end), kind: 'url' })
  return i + 1
}
