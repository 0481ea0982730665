import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli.ts'
import { expectClean, ORIGINS, useBrowserSite, visit } from '../helpers/browser.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { buildStatic } from '../../packages/engine/src/static/buildStatic.ts'
import { jsLexerReady, jsReferences } from '../../packages/engine/src/static/references/jsReferences.ts'

// Scripts that reach their own files with `new URL('./x', import.meta.url)` and that carry their
// source-map comment after code on the same line, built with `assetmap build --strict`.
const site = fixture('js-references')
const HASHED = /\.[0-9a-f]{12}\./

async function build(): Promise<{ outDir: string; code: number | null; stderr: string; hashed: (name: string) => string; read: (name: string) => Promise<string> }> {
  const outDir = await outputDir('js-references')
  const { code, stderr } = await runCli('build', join(site, 'static'), '--out', outDir, '--strict')
  const assets = code === 0 ? (await readManifest(outDir)).assets : {}
  const output = (name: string) => {
    if (assets[name] === undefined) throw new Error(`${name} is not in the manifest`)
    return assets[name]
  }
  const hashed = (name: string) => output(name).slice(output(name).lastIndexOf('/') + 1)
  return { outDir, code, stderr, hashed, read: (name) => readFile(join(outDir, output(name)), 'utf8') }
}

describe('a source-map comment after code on the same line', () => {
  let built: Awaited<ReturnType<typeof build>>
  beforeAll(async () => {
    built = await build()
  })

  it('is found and rewritten, and the last comment in the script wins', async () => {
    expect(built.stderr).toBe('')
    expect(await built.read('js/inline.js')).toBe(`var fun; //# sourceMappingURL=${built.hashed('js/inline.js.map')}\n`)
    expect(await built.read('js/two.js')).toBe(`//# sourceMappingURL=first.js.map\nconst s = "x"; /* a */ //# sourceMappingURL=${built.hashed('js/last.js.map')}\n`)
  })

  it.each([
    ['var fun; //# sourceMappingURL=x.js.map', ['x.js.map']],
    ['var fun; //@ sourceMappingURL=x.js.map\r\n', ['x.js.map']],
    ['var a = 1 / 2; //# sourceMappingURL=x.js.map', ['x.js.map']],
    ['var s = "//# sourceMappingURL=no.js.map"', []],
    ['var s = `\n//# sourceMappingURL=no.js.map`; var t = `//# sourceMappingURL=no.js.map`', []],
    ['var r = /x\\//# sourceMappingURL=no.js.map\n/', []],
    ['// see //# sourceMappingURL=no.js.map', []],
    ['/* //# sourceMappingURL=no.js.map */', []],
    ['var fun; //# sourceMappingURL=no.js.map trailing', []],
    ['var fun; //# sourceMappingURL=x.js.map\nvar s = "//# sourceMappingURL=no.js.map"', ['x.js.map']],
  ])('%j', async (code, expected) => {
    await jsLexerReady()
    expect(jsReferences(code, 'x.js').filter((ref) => ref.kind === 'sourcemap').map((ref) => ref.value)).toEqual(expected)
  })
})

describe('new URL(<string>, import.meta.url)', () => {
  let built: Awaited<ReturnType<typeof build>>
  beforeAll(async () => {
    built = await build()
  })

  it('is rewritten to the hashed file, for a quoted or template string written in any layout; anything else is left as written', async () => {
    expect(built.stderr).toBe('')
    const { hashed, read } = built
    const app = await read('js/app.js')
    expect(app).toContain(`import { later } from './${hashed('js/later.js')}'`)
    expect(app).toContain(`const logo = new URL('../img/${hashed('img/logo.svg')}', import.meta.url)`)
    expect(app).toContain(`const icon = new URL(\n  "${hashed('js/icon.svg')}",\n  import.meta.url,\n).href`)
    expect(app).toContain(`const again = new URL(\`./${hashed('js/icon.svg')}\`, import.meta.url)`)
    for (const line of [
      "const computed = new URL('./' + 'icon.svg', import.meta.url)",
      "const elsewhere = new URL('./icon.svg', document.baseURI)",
      "const absolute = new URL('https://example.com/icon.svg', import.meta.url)",
    ]) {
      expect(app).toContain(line)
    }
  })

  it('joins a reference cycle through new URL, hashed as one group', async () => {
    const { hashed, read } = built
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
  const on = useBrowserSite(async () => {
    const { outDir, code, stderr } = await build()
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    return { outDir, views: join(site, 'views'), pages: { '/': 'page.njk' } }
  })

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
