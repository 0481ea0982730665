import type { Reference } from '../table/types.ts'

const SOURCE_MAP_COMMENT = /^\/\*\s*[#@]\s*sourceMappingURL=(\S+?)\s*\*\/$/

function isIdentChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95 || code > 127
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f'
}

function isNewline(char: string | undefined): boolean {
  return char === '\n' || char === '\r' || char === '\f'
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 0x20) >= 97 && (code | 0x20) <= 102)
}

/** The index after the newline at `i` (CRLF is one newline, as CSS preprocessing makes it). */
function afterNewline(css: string, i: number): number {
  return css[i] === '\r' && css[i + 1] === '\n' ? i + 2 : i + 1
}

/**
 * The index after the escape whose backslash is at `i` (CSS Syntax 3 §4.3.7): up to six hex
 * digits and one whitespace after them, or any one code point. Not for a backslash before a newline.
 */
function escapeEnd(css: string, i: number): number {
  let end = i + 1
  if (!isHexDigit(css.charCodeAt(end))) return end + (css.codePointAt(end)! > 0xffff ? 2 : 1)
  while (end < i + 7 && isHexDigit(css.charCodeAt(end))) end++
  return isSpace(css[end]) ? afterNewline(css, end) : end
}

/** The text the escape from `i` to `end` stands for. */
function escapedText(css: string, i: number, end: number): string {
  if (!isHexDigit(css.charCodeAt(i + 1))) return css.slice(i + 1, end)
  const code = Number.parseInt(css.slice(i + 1, Math.min(end, i + 7)), 16)
  return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code)
}

/**
 * The reference in `css` from `start` to `end`, its escapes and line continuations decoded (CSS
 * Syntax 3 §4.3.5, §4.3.7) when it has any: `img\ a.png` reads `img a.png`, and `offsets` says
 * where each character of that starts in the file, so that the hash goes where it decodes in place.
 */
function reference(css: string, start: number, end: number, kind: Reference['kind']): Reference {
  const raw = css.slice(start, end)
  if (!raw.includes('\\')) return { start, end, value: raw, kind }
  let value = ''
  const offsets: number[] = []
  for (let i = start; i < end; ) {
    const from = i
    let text: string
    if (css[i] !== '\\') {
      text = css[i]!
      i++
    } else if (i + 1 === end || isNewline(css[i + 1])) {
      // A continuation, or a backslash that the end of the file cuts short: nothing.
      text = ''
      i = i + 1 === end ? end : afterNewline(css, i + 1)
    } else {
      i = Math.min(escapeEnd(css, i), end)
      text = escapedText(css, from, i)
    }
    for (let k = 0; k < text.length; k++) offsets.push(from)
    value += text
  }
  offsets.push(end)
  return { start, end, value, kind, offsets }
}

/**
 * The index after the rest of the identifier that the escape at `i` is part of: `url(` inside it
 * (`.x\:url(`, `\31 url(`) names a function, not a URL.
 */
function identifierEnd(css: string, i: number): number {
  while (i < css.length) {
    if (css.charCodeAt(i) === 92 && !isNewline(css[i + 1])) i = escapeEnd(css, i)
    else if (isIdentChar(css.charCodeAt(i))) i++
    else break
  }
  return i
}

/**
 * Where the string that opens at `start` (a quote) ends, honouring backslash escapes and line
 * continuations: `end` is where its text stops (the closing quote, or a newline or the end of the
 * file for an unterminated string), `next` the index after it.
 */
function stringBounds(css: string, start: number): { end: number; next: number } {
  const quote = css.charCodeAt(start)
  let i = start + 1
  for (let code = css.charCodeAt(i); i < css.length && code !== quote && code !== 10 && code !== 13 && code !== 12; code = css.charCodeAt(i)) {
    i = code !== 92 ? i + 1 : isNewline(css[i + 1]) ? afterNewline(css, i + 1) : i + 2
  }
  const end = Math.min(i, css.length)
  return { end, next: Math.min(i + 1, css.length) }
}

/** Records the string that opens at `start` as a reference; returns the index after it. */
function stringReference(css: string, start: number, kind: Reference['kind'], refs: Reference[]): number {
  const { end, next } = stringBounds(css, start)
  refs.push(reference(css, start + 1, end, kind))
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

/** Characters where a reference, a string, a comment or an escape may start; the scanner jumps between them. */
const NOTABLE = /[/"'uU@()\\]/g

/**
 * Finds the references in a stylesheet: `url()` (quoted or not), `@import "x"`, strings in
 * `image-set()`, and the `sourceMappingURL` comment. Text inside comments and other strings is
 * never a reference; a `data:` URL keeps any `url()` nested in it. Tokens are read as CSS Syntax 3
 * reads them: a backslash outside a string escapes the next character of an identifier
 * (Tailwind's `.bg-\[url\(\'x\'\)\]`), so it opens no string and `url(` right after it is no URL;
 * references written with escapes are decoded (see `Reference.offsets`).
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
    } else if (char === '\\') {
      // Before a newline, a backslash is a lone delimiter, not an escape.
      i = isNewline(css[i + 1]) ? i + 1 : identifierEnd(css, i)
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
  // Where the last escape ended: an escaped space before `)` is part of the URL.
  let escaped = start
  while (i < css.length) {
    const char = css[i]
    if (char === '(') nested++
    else if (char === ')') {
      if (nested === 0) break
      nested--
    } else if (char === '\\') {
      i = escaped = Math.min(escapeEnd(css, i), css.length)
      continue
    }
    i++
  }
  let end = i
  while (end > escaped && isSpace(css[end - 1])) end--
  if (end > start) refs.push(reference(css, start, end, 'url'))
  return i + 1
}
