import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** An asset or entry name a template asks for. */
export interface TemplateName {
  /** Template path relative to the templates folder. */
  file: string
  line: number
  kind: 'asset' | 'entry'
  name: string
}

const TEMPLATE_FILE = /\.(njk|nunjucks|html?|jinja2?|j2|twig|ejs|eta|hbs|handlebars|liquid|pug)$/i
const PATTERNS: Array<[TemplateName['kind'], RegExp]> = [
  ['asset', /\bstatic\(\s*(["'])([^"'\n]+)\1\s*\)/g],
  ['asset', /\{%-?\s*static\s+(["'])([^"'\n]+)\1/g],
  ['asset', /\b(?:assets\.)?url\(\s*(["'])([^"'\n]+)\1\s*\)/g],
  ['entry', /\{%-?\s*entry\s+(["'])([^"'\n]+)\1/g],
  ['entry', /\bentryTags\(\s*(["'])([^"'\n]+)\1/g],
]

/**
 * Every literal asset name in the templates under `dir`: `static('…')`, `{% static '…' %}`,
 * `url('…')`, `{% entry '…' %}`, `entryTags('…')`. Names built from variables cannot be known
 * ahead of time and are not listed.
 */
export async function findTemplateNames(dir: string): Promise<TemplateName[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const found: TemplateName[] = []
  for (const entry of entries) {
    if (!entry.isFile() || !TEMPLATE_FILE.test(entry.name)) continue
    const path = join(entry.parentPath, entry.name)
    const text = await readFile(path, 'utf8')
    const lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
    const lineOf = (index: number): number => {
      let low = 0
      let high = lineStarts.length - 1
      while (low < high) {
        const middle = (low + high + 1) >> 1
        if (lineStarts[middle]! <= index) low = middle
        else high = middle - 1
      }
      return low + 1
    }
    for (const [kind, pattern] of PATTERNS) {
      for (const match of text.matchAll(pattern)) found.push({ file: relative(dir, path), line: lineOf(match.index), kind, name: match[2]! })
    }
  }
  return found.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))
}
