import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** An asset or entry name a template asks for. */
export interface TemplateName {
  /** Template path relative to the templates folder. */
  file: string
  line: number
  /** `module`: a module of the import map (`{% importmap 'js/app.js' %}`, `importMap('js/app.js')`). */
  kind: 'asset' | 'entry' | 'module'
  name: string
  /** The build the template names (`{% entry 'x' from 'admin' %}`, `static('x', 'admin')`); absent for the default build. */
  build?: string
}

const TEMPLATE_FILE = /\.(njk|nunjucks|html?|jinja2?|j2|twig|ejs|eta|hbs|handlebars|liquid|pug)$/i
/** A quoted literal: its quote, then the text, as the group `group`. */
const quoted = (quote: string, group: string): string => `(?<${quote}>["'])(?<${group}>[^"'\\n]+)\\k<${quote}>`
const NAME = quoted('q', 'name')
const BUILD = quoted('b', 'build')
/** `, options, 'admin'` after a name: the options an object literal without nested braces, or a variable. */
const OPTIONS_THEN_BUILD = `(?:\\s*,\\s*(?:\\{[^{}]*\\}|[\\w.$]+)\\s*,\\s*${BUILD})?`
const PATTERNS: Array<[TemplateName['kind'], RegExp]> = [
  ['asset', new RegExp(`\\bstatic\\(\\s*${NAME}\\s*(?:,\\s*${BUILD}\\s*)?\\)`, 'g')],
  ['asset', new RegExp(`\\{%-?\\s*static\\s+${NAME}(?:\\s+from\\s+${BUILD})?`, 'g')],
  ['asset', new RegExp(`\\b(?:assets\\.)?url\\(\\s*${NAME}\\s*\\)`, 'g')],
  ['entry', new RegExp(`\\{%-?\\s*entry\\s+${NAME}(?:\\s+from\\s+${BUILD})?`, 'g')],
  // The first module an import map names; a list (importMap(['a.js', 'b.js'])) is not read.
  ['module', new RegExp(`\\{%-?\\s*importmap\\s+${NAME}(?:\\s+from\\s+${BUILD})?`, 'g')],
  ['module', new RegExp(`\\bimportMap\\(\\s*${NAME}${OPTIONS_THEN_BUILD}`, 'g')],
  ['entry', new RegExp(`\\bentryTags\\(\\s*${NAME}${OPTIONS_THEN_BUILD}`, 'g')],
]

/**
 * Every literal asset name in the templates under `dir`: `static('…')`, `{% static '…' %}`,
 * `url('…')`, `{% entry '…' %}`, `entryTags('…')`, each with the build it names, if any
 * (`static('…', 'admin')`, `{% static '…' from 'admin' %}`, `{% entry '…' from 'admin' %}`,
 * `entryTags('…', {}, 'admin')`), and the first module of `{% importmap '…' %}` and
 * `importMap('…')` (`{% importmap '…' from 'admin' %}`, `importMap('…', {}, 'admin')`). Names built from variables cannot be known ahead of time and
 * are not listed.
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
      for (const match of text.matchAll(pattern)) {
        const { name, build } = match.groups!
        found.push({ file: relative(dir, path), line: lineOf(match.index), kind, name: name!, ...(build === undefined ? {} : { build }) })
      }
    }
  }
  return found.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1))
}
