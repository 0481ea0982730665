import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.ts'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { cssReferences } from '../../packages/engine/src/static/references/cssReferences.ts'

// Stylesheets written the way Tailwind compiles arbitrary-value classes and the way css-loader's
// own fixtures escape file names: `assetmap build --strict` must hash every reference in them.
const site = fixture('css-escapes')
const HASHED = /\.[0-9a-f]{12}\./

/** `name`'s hashed file name (its last segment), from the manifest of a build. */
type HashedNames = (name: string) => string

async function build(...flags: string[]): Promise<{ outDir: string; hashed: HashedNames; stdout: string; stderr: string; code: number | null }> {
  const outDir = await outputDir('css-escapes')
  const { code, stdout, stderr } = await runCli('build', join(site, 'static'), '--out', outDir, ...flags)
  const assets = code === 0 ? (await readManifest(outDir)).assets : {}
  const hashed = (name: string) => {
    const output = assets[name]
    if (output === undefined) throw new Error(`${name} is not in the manifest`)
    return output.slice(output.lastIndexOf('/') + 1)
  }
  return { outDir, hashed, stdout, stderr, code }
}

describe('a backslash outside a string (CSS Syntax 3: it escapes the next character of an identifier)', () => {
  let built: Awaited<ReturnType<typeof build>>
  beforeAll(async () => {
    built = await build()
  })

  it('hashes every url() after an escaped quote on the same line, and never a url( inside a string', async () => {
    expect(built.code).toBe(0)
    const { hashed, outDir } = built
    const css = await readFile(join(outDir, 'css', hashed('css/tailwind.css')), 'utf8')
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
  let built: Awaited<ReturnType<typeof build>>
  beforeAll(async () => {
    built = await build('--strict')
  })

  it('finds each file by its decoded name and writes the hashed name back so that it decodes to the hashed file, with no warning under --strict', async () => {
    expect(built.stderr).toBe('')
    expect(built.code).toBe(0)
    const { hashed, outDir } = built
    // The `.hash` part of each name, to be found where the escaped name decodes to it.
    const hashPart = (name: string) => HASHED.exec(hashed(name))![0].slice(0, -1)
    const [space, quote, paren, img] = ['img/img img.png', "img/img'img.png", 'img/img(img.png', 'img/img.png'].map(hashPart)
    const css = await readFile(join(outDir, 'css', hashed('css/escapes.css')), 'utf8')
    expect(css).toBe(
      [
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
  })

  it('reads the decoded URL as the reference’s value', () => {
    const refs = cssReferences('@import "a\\62 c.css";x{background:url(\\2e/img\\ \\(1\\).png)}y{background:url("x\\\r\ny.png")}')
    expect(refs.map((ref) => ref.value)).toEqual(['abc.css', './img (1).png', 'xy.png'])
  })
})

describe('escaped references in Chromium', () => {
  const on = useBrowserSite(async () => {
    const { outDir, code, stderr } = await build('--strict')
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    return { outDir, views: join(site, 'views'), pages: { '/': 'page.njk' } }
  })

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
