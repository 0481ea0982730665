import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { buildFixtureStatic, fixturePage, type CliBuild } from '../helpers/cliBuild.ts'
import { outputDir } from '../helpers/paths.ts'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { buildStatic } from '../../packages/engine/src/pipeline/buildStatic.ts'
import { jsLexerReady, jsReferences } from '../../packages/engine/src/parse/jsReferences.ts'

// Scripts that reach their own files with `new URL('./x', import.meta.url)` and that carry their
// source-map comment after code on the same line, built with `assetmap build --strict`.
const HASHED = /\.[0-9a-f]{12}\./

// One build, read by every test of this file.
let building: Promise<CliBuild> | undefined
const built = () => (building ??= buildFixtureStatic('js-references', '--strict'))

describe('a source-map comment after code on the same line', () => {
  it('is found and rewritten, and the last comment in the script wins', async () => {
    const { stderr, read, hashed } = await built()
    expect(stderr).toBe('')
    expect(await read('js/inline.js')).toBe(`var fun; //# sourceMappingURL=${hashed('js/inline.js.map')}\n`)
    expect(await read('js/two.js')).toBe(`//# sourceMappingURL=first.js.map\nconst s = "x"; /* a */ //# sourceMappingURL=${hashed('js/last.js.map')}\n`)
  })

  it.each([
    ['var fun; //# sourceMappingURL=x.js.map', ['x.js.map']],
    ['var fun; //@ sourceMappingURL=x.js.map\r\n', ['x.js.map']],
    ['var a = 1 / 2; //# sourceMappingURL=x.js.map', ['x.js.map']],
    ['var s = "//# sourceMappingURL=no.js.map"', []],
    ['var s = `\n//# sourceMappingURL=no.js.map`; var t = `//# sourceMappingURL=no.js.map`', []],
    ['var r = /x\\//# sourceMappingURL=no.js.map\n/', []],
    ['// see //# sourceMappingURL=no.js.map', []],
    ['a ///# sourceMappingURL=no.js.map', []],
    ['/* c *///# sourceMappingURL=x.js.map', ['x.js.map']],
    ['/* //# sourceMappingURL=no.js.map */', []],
    ['var fun; //# sourceMappingURL=no.js.map trailing', []],
    ['var fun; //# sourceMappingURL=x.js.map\nvar s = "//# sourceMappingURL=no.js.map"', ['x.js.map']],
  ])('%j', async (code, expected) => {
    await jsLexerReady()
    expect(jsReferences(code, 'x.js').filter((ref) => ref.kind === 'sourcemap').map((ref) => ref.value)).toEqual(expected)
  })
})

describe('new URL(<string>, import.meta.url)', () => {
  it('is rewritten to the hashed file, for a quoted or template string written in any layout; anything else, folders included, is left as written without a warning', async () => {
    const { stderr, hashed, read } = await built()
    expect(stderr).toBe('')
    const app = await read('js/app.js')
    expect(app).toContain(`import { later } from './${hashed('js/later.js')}'`)
    expect(app).toContain(`const logo = new URL('../img/${hashed('img/logo.svg')}', import.meta.url)`)
    expect(app).toContain(`const icon = new URL(\n  "${hashed('js/icon.svg')}",\n  import.meta.url,\n).href`)
    expect(app).toContain(`const again = new URL(\`./${hashed('js/icon.svg')}\`, import.meta.url)`)
    for (const line of [
      "const computed = new URL('./' + 'icon.svg', import.meta.url)",
      "const elsewhere = new URL('./icon.svg', document.baseURI)",
      "const absolute = new URL('https://example.com/icon.svg', import.meta.url)",
      "const folder = new URL('.', import.meta.url)",
      "const parent = new URL('..', import.meta.url)",
    ]) {
      expect(app).toContain(line)
    }
  })

  it('joins a reference cycle through new URL, hashed as one group', async () => {
    const { hashed, read } = await built()
    expect(await read('js/later.js')).toContain(`await import(new URL('./${hashed('js/cycle.js')}', import.meta.url).href)`)
    expect(await read('js/cycle.js')).toBe(`export default new URL('./${hashed('js/later.js')}', import.meta.url).href\n`)
  })

  it('naming a missing file, is left as written with a warning naming both files', async () => {
    const dir = await outputDir('js-references-missing')
    await mkdir(join(dir, 'js'))
    await writeFile(join(dir, 'js/a.js'), "export const u = new URL('./missing.svg', import.meta.url)\n")
    const warnings: string[] = []
    const outDir = await outputDir('js-references-missing-out')
    const result = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: (message) => warnings.push(message) })
    expect(warnings).toEqual(['js/a.js: "./missing.svg" points at js/missing.svg, which is not in the static dirs; left as written.'])
    expect(await readFile(join(outDir, result.assets.get('js/a.js')!), 'utf8')).toBe("export const u = new URL('./missing.svg', import.meta.url)\n")
  })

})

describe('new URL(…, import.meta.url) in Chromium', () => {
  const on = useBrowserSite(() => fixturePage('js-references', built()))

  for (const where of ['app', 'cdn'] as const) {
    it(`loads the images and the modules of the cycle by their hashed names, from ${ORIGINS[where]}`, async () => {
      const seen = await visit(on, where, '/', () => document.documentElement.dataset.ready === 'yes' && [...document.images].every((image) => image.complete && image.naturalWidth > 0))
      expectClean(seen)
      const requested = seen.requested()
      expect(requested.filter((url) => !HASHED.test(url))).toEqual([])
      expect(new Set(requested.map((url) => url.replace(HASHED, '.')))).toEqual(new Set(['js/app.js', 'js/later.js', 'js/cycle.js', 'img/logo.svg', 'js/icon.svg']))
      await seen.page.close()
    })
  }
})
