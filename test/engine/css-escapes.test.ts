import { describe, expect, it } from 'vitest'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { buildFixtureStatic, fixturePage, type CliBuild } from '../helpers/cliBuild.ts'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { cssReferences } from '../../packages/engine/src/parse/cssReferences.ts'

// Stylesheets written the way Tailwind compiles arbitrary-value classes and the way css-loader's
// own fixtures escape file names: `assetmap build --strict` must hash every reference in them.
const HASHED = /\.[0-9a-f]{12}\./

// One strict build, read by the escape tests and the page.
let building: Promise<CliBuild> | undefined
const builtStrict = () => (building ??= buildFixtureStatic('css-escapes', '--strict'))

describe('a backslash outside a string (CSS Syntax 3: it escapes the next character of an identifier)', () => {
  it('hashes every url() after an escaped quote on the same line, and never a url( inside a string', async () => {
    // Not --strict: what is checked here is what gets rewritten, not the escaped URLs of escapes.css.
    const { code, hashed, read } = await buildFixtureStatic('css-escapes')
    expect(code).toBe(0)
    const css = await read('css/tailwind.css')
    expect(css).toBe(
      [
        `.tw\\:bg-\\[url\\(\\'x.png\\'\\)\\]{background:url(../img/${hashed('img/a.png')})}.tw-b{background:url(../img/${hashed('img/b.png')})}`,
        `.tw-c{content:'url(nope.png)'}.tw\\:content-\\[\\'url\\(nope\\.png\\)\\'\\]::after{content:'url(nope.png)'}.tw-d{background:url(../img/${hashed('img/c.png')})}`,
        `.tw\\:bg-\\[url\\(\\'x\\.png\\'\\)\\]{background:url("../img/${hashed('img/d.png')}")}`,
        '',
      ].join('\n'),
    )
  })

  it.each([
    ['.e\\31 url(a.png){}', []],
    ['.e\\[url(a.png){}', []],
    ['.e\\\\url(a.png){}', []],
    ['.e\\31  url(a.png){}', ['a.png']],
    ['.e\\"{background:url(a.png)}', ['a.png']],
    ['.e\\\n{background:url(a.png)}', ['a.png']],
    ["x{content:'url(a.png)'} y{background:url(b.png)}", ['b.png']],
    ['x{content:"a\\"url(a.png)"}', []],
  ])('%j', (css, expected) => {
    expect(cssReferences(css).map((ref) => ref.value)).toEqual(expected)
  })
})

describe('escapes and line continuations inside url() and @import (css-loader’s cases)', () => {
  it('finds each file by its decoded name and writes the hashed name back so that it decodes to the hashed file, with no warning under --strict', async () => {
    const { stderr, code, hashed, read } = await builtStrict()
    expect(stderr).toBe('')
    expect(code).toBe(0)
    // The `.hash` part of each name, to be found where the escaped name decodes to it.
    const hashPart = (name: string) => HASHED.exec(hashed(name))![0].slice(0, -1)
    const [space, quote, paren, img] = ['img/img img.png', "img/img'img.png", 'img/img(img.png', 'img/img.png'].map(hashPart)
    const css = await read('css/escapes.css')
    expect(css).toBe(
      [
        '/* Grüße: the offsets below are past a two-byte character */',
        `@import "t\\61ilwind${hashPart('css/tailwind.css')}.css";`,
        `.a{background:url(../img/img\\ img${space}.png)}`,
        `.b{background:url("../img/img\\'img${quote}.png")}`,
        `.c{background:url(../img/img\\(img${paren}.png)}`,
        `.d{background:url(../img/\\69\\6D\\67${img}.png)}`,
        `.e{background:url('../img/img\\`,
        `${img}.png')}`,
        `.f{background:url(../img/\\69 mg${img}.png)}`,
        `.g{background:url(../img/img${img}\\2e png)}`,
        `.h{background:image-set("../img/img\\ img${space}.png" 1x)}`,
        `.i{background:url(../img/img\\'img${quote}.png)}`,
        '',
      ].join('\n'),
    )
    // Read back as a browser reads them, the written URLs name the hashed files.
    const names = ['css/tailwind.css', 'img/img img.png', "img/img'img.png", 'img/img(img.png', 'img/img.png', 'img/img.png', 'img/img.png', 'img/img.png', 'img/img img.png', "img/img'img.png"]
    expect(cssReferences(css).map((ref) => ref.value)).toEqual(names.map((name, index) => `${index === 0 ? '' : '../img/'}${hashed(name)}`))
  })

  // css-loader's test/fixtures/url/url.css, each as the value it decodes to.
  it.each([
    ["url(./img\\'\\'\\'img.png)", "./img'''img.png"],
    ['url(./img\\)img.png)', './img)img.png'],
    ["url(./img\\'\\(\\)\\ img.png)", "./img'() img.png"],
    ['url("./img\\27img.png")', "./img'img.png"],
    ['url("./img\\\'\\28%29 img.png")', "./img'(%29 img.png"],
    ["url(./img\\'\\28%29\\ img.png)", "./img'(%29 img.png"],
    ["url('./img\\\n\\\n\\\n\\\n(img.png')", './img(img.png'],
    ['url(./\\69\\6D\\67.png)', './img.png'],
    ['url("./img%27%28%29%20img.png")', './img%27%28%29%20img.png'],
  ])('%s reads %s', (css, value) => {
    expect(cssReferences(`.x{background:${css}}`).map((ref) => ref.value)).toEqual([value])
  })

  it('reads the decoded URL as the reference’s value', () => {
    const refs = cssReferences('@import "a\\62 c.css";x{background:url(\\2e/img\\ \\(1\\).png)}y{background:url("x\\\r\ny.png")}')
    expect(refs.map((ref) => ref.value)).toEqual(['abc.css', './img (1).png', 'xy.png'])
  })
})

describe('escaped references in Chromium', () => {
  const on = useBrowserSite(() => fixturePage('css-escapes', builtStrict()))

  for (const where of ['app', 'cdn'] as const) {
    it(`loads every image by its hashed name, from ${ORIGINS[where]}`, async () => {
      const seen = await visit(on, where, '/')
      expectClean(seen)
      const requested = seen.requested().map((url) => decodeURIComponent(url))
      // `.a`/`.h` → img img, `.b`/`.i` → img'img, `.c` → img(img, `.d` to `.g` → img, then Tailwind's three.
      const images = new Set(requested.filter((url) => url.startsWith('img/')).map((url) => url.replace(HASHED, '.')))
      expect([...images].sort()).toEqual(['img/b.png', 'img/c.png', 'img/d.png', "img/img'img.png", 'img/img(img.png', 'img/img img.png', 'img/img.png'].sort())
      expect(requested.filter((url) => !HASHED.test(url))).toEqual([])
      await seen.page.close()
    })
  }
})

describe('where the hash goes in an escaped URL', () => {
  // Stylesheets stitched from the pieces that make tokenizing hard, from a fixed seed.
  const PIECES = ['url(', '\\', "'", '"', 'a', '.', 'png', ' ', '\n', '\r\n', '(', ')', '69', '\\2e ', '/', '*', 'image-set(', '@import ', '\\\n', 'ü', '😀', '\\1F600 ', ';', '}', '{']

  it('is a place where `.hash` inserted in the file reads back as `.hash` inserted in the decoded URL, at every character', () => {
    let seed = 1
    const random = (below: number) => Math.floor((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 * below)
    const misread: unknown[] = []
    let checked = 0
    for (let n = 0; n < 10_000; n++) {
      let css = ''
      for (let length = 1 + random(14); length > 0; length--) css += PIECES[random(PIECES.length)]
      for (const ref of cssReferences(css)) {
        for (let k = 0; ref.offsets && k <= ref.value.length; k++) {
          if (k > 0 && ref.offsets[k] === ref.offsets[k - 1]) continue
          checked++
          const edited = css.slice(0, ref.offsets[k]) + '.0123456789ab' + css.slice(ref.offsets[k])
          const value = cssReferences(edited).find((other) => other.start === ref.start)?.value
          const expected = `${ref.value.slice(0, k)}.0123456789ab${ref.value.slice(k)}`
          if (value !== expected) misread.push({ css, k, value, expected })
        }
      }
    }
    expect(misread.slice(0, 5)).toEqual([])
    expect(checked).toBeGreaterThan(5000)
  })
})
