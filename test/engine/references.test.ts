import { describe, expect, it, beforeAll } from 'vitest'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { classifyReference } from '../../packages/engine/src/parse/classifyReference.ts'
import { cssReferences } from '../../packages/engine/src/parse/cssReferences.ts'
import { hashedName } from '../../packages/engine/src/table/hashedName.ts'
import { jsLexerReady, jsReferences } from '../../packages/engine/src/parse/jsReferences.ts'

const values = (css: string) => cssReferences(css).map((ref) => ref.value)

describe('cssReferences', () => {
  it.each([
    ['url(a.png)', ['a.png']],
    ['url( a.png )', ['a.png']],
    ['url("a.png")', ['a.png']],
    ["url('a b.png')", ['a b.png']],
    ['url(  "a.png"  )', ['a.png']],
    ['URL(a.png)', ['a.png']],
    ['x{background:url(a.png),url(b.png)}', ['a.png', 'b.png']],
    ['@import "a.css";', ['a.css']],
    ["@import 'a.css' screen;", ['a.css']],
    ['@import url(a.css) layer(base) supports(display:grid) print;', ['a.css']],
    ['@IMPORT "a.css";', ['a.css']],
    ['x{background:image-set("a.png" 1x, "b.png" 2x)}', ['a.png', 'b.png']],
    ['x{background:-webkit-image-set(url(a.png) 1x, "b.png" 2x)}', ['a.png', 'b.png']],
    ['x{content:"url(a.png)"}', []],
    ["x{content:'@import \"a.css\"'}", []],
    ['/* url(a.png) */ x{}', []],
    ['/* @import "a.css"; */', []],
    ['x{background:url(data:image/svg+xml;utf8,<svg><rect fill="url(%23g)"/></svg>)}', ['data:image/svg+xml;utf8,<svg><rect fill="url(%23g)"/></svg>']],
    ['x{background:url("data:image/svg+xml,<svg fill=\'url(#a)\'/>")}', ["data:image/svg+xml,<svg fill='url(#a)'/>"]],
    ['x{src:url("f.eot?#iefix")}', ['f.eot?#iefix']],
    ['x{background:myurl(a.png)}', []],
    ['x{background:url()}', []],
    ['/*# sourceMappingURL=site.css.map */', ['site.css.map']],
    ['/* sourceMappingURL=site.css.map is mentioned */', []],
    ['x{content:"\\"url(a.png)"}', []],
  ])('%s', (css, expected) => {
    expect(values(css)).toEqual(expected)
  })

  it('reads an unterminated string at the end of the file to its last character', () => {
    expect(values('.a{background:url("b.png')).toEqual(['b.png'])
    expect(values("@import 'c.css")).toEqual(['c.css'])
    expect(values('.a{background:url("b.png\n}')).toEqual(['b.png'])
  })

  it('reports exact positions', () => {
    const css = '.a{background:url( "img/a.png" )}'
    const [ref] = cssReferences(css)
    expect(css.slice(ref!.start, ref!.end)).toBe('img/a.png')
  })
})

describe('jsReferences (es-module-lexer)', () => {
  beforeAll(() => jsLexerReady())

  it('finds specifiers of every import form, and nothing in strings or comments', () => {
    const code = [
      "import a from './a.js'",
      'export { b } from "./b.js"',
      "export * from './c.js'",
      "import './d.js'",
      "import('./e.js')",
      "const s = \"import('./no-string.js')\"",
      "// import './no-line.js'",
      "/* import './no-block.js' */",
      'import(`./tpl.js`)',
      'import(name)',
      'console.log(import.meta.url)',
      "import 'bare'",
    ].join('\n')
    expect(jsReferences(code, 'x.js').map((ref) => ref.value)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './tpl.js', 'bare'])
  })

  it('finds the trailing source-map comment only', () => {
    const refs = jsReferences("const x = '//# sourceMappingURL=no.map'\n//# sourceMappingURL=app.js.map\n", 'x.js')
    expect(refs.map((ref) => [ref.kind, ref.value])).toEqual([['sourcemap', 'app.js.map']])
  })

  it.each([
    ['on the first line, followed by code', '//# sourceMappingURL=a.js.map\nlet a = 1\n'],
    ['followed by trailing whitespace', 'let a = 1\n//# sourceMappingURL=a.js.map \t\n \n'],
    ['with CRLF line ends', 'let a = 1\r\n//# sourceMappingURL=a.js.map\r\n'],
    ['indented, the last of two', '//# sourceMappingURL=old.map\nlet a = 1\n  //# sourceMappingURL=a.js.map\nlet b = 2'],
  ])('finds the source-map comment %s', (_, code) => {
    const refs = jsReferences(code, 'x.js')
    expect(refs.map((ref) => [ref.kind, ref.value, code.slice(ref.start, ref.end)])).toEqual([['sourcemap', 'a.js.map', 'a.js.map']])
  })

  it('throws on a file that is not JavaScript', () => {
    expect(() => jsReferences('export const = ;;{', 'bad.js')).toThrow()
  })
})

describe('classifyReference', () => {
  const scope = { from: 'css/site.css', basePath: '/static/' }
  it.each([
    ['data:image/png;base64,AAA'],
    ['https://cdn.example.com/a.png'],
    ['HTTP://x/a.png'],
    ['//host/a.png'],
    ['#frag'],
    ['%23frag'],
    [''],
    ['   '],
    ['/elsewhere/a.png'],
    ['../img/'],
    ['mailto:x@example.com'],
  ])('leaves %j alone', (value) => {
    expect(classifyReference(value, scope)).toBeUndefined()
  })

  it.each([
    ['../img/a.png', 'img/a.png'],
    ['a.png?v=2#x', 'css/a.png'],
    ['./sub/../a.png', 'css/a.png'],
    ['/static/img/a.png', 'img/a.png'],
    ['../img/with%20space.png', 'img/with space.png'],
    ['../../../etc/passwd', '../../etc/passwd'],
  ])('resolves %j to %j', (value, target) => {
    expect(classifyReference(value, scope)?.target).toBe(target)
  })
})

describe('hashedName', () => {
  it.each([
    ['css/site.css', 'css/site.abc.css'],
    ['js/jquery.min.js', 'js/jquery.min.abc.js'],
    ['LICENSE', 'LICENSE.abc'],
    ['dir.v2/file', 'dir.v2/file.abc'],
    ['.well-known', '.well-known.abc'],
  ])('%s → %s', (name, expected) => {
    expect(hashedName(name, 'abc')).toBe(expected)
  })
})
