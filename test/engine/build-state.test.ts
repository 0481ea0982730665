import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { outputDir } from '../helpers/paths.ts'

const COUNT = 400

/**
 * A tree whose cache is several pieces of text long: CSS files with non-ASCII names and text
 * before their references (byte offsets differ from character offsets), each naming an image and
 * importing the next, a reference cycle, a script with its own source map, and a broken reference.
 */
async function tree(): Promise<string> {
  const src = join(await outputDir('state-src'), 'static')
  await mkdir(join(src, 'css'), { recursive: true })
  await mkdir(join(src, 'img'), { recursive: true })
  await mkdir(join(src, 'js'), { recursive: true })
  for (let i = 0; i < COUNT; i++) {
    const next = i + 1 < COUNT ? `@import "ü-${i + 1}.css";\n` : ''
    await writeFile(join(src, `css/ü-${i}.css`), `${next}/* é ✓ */ .x-${i} { background: url(../img/${i}.png) }\n`)
    await writeFile(join(src, `img/${i}.png`), `image ${i}`)
  }
  await writeFile(join(src, 'css/a.css'), '@import "b.css";\n.a { background: url("../img/1.png") }\n')
  await writeFile(join(src, 'css/b.css'), '@import "a.css";\n.b { color: red }\n')
  await writeFile(join(src, 'css/broken.css'), '.x { background: url(../img/missing.png) }\n')
  await writeFile(join(src, 'js/dep.js'), 'export const dep = 1\n')
  await writeFile(join(src, 'js/app.js'), "import { dep } from './dep.js'\nconsole.log(dep)\n//# sourceMappingURL=app.js.map\n")
  await writeFile(join(src, 'js/app.js.map'), JSON.stringify({ version: 3, sources: ['app.ts'], names: [], mappings: 'AAAA;AACA' }))
  return src
}

async function build(src: string, outDir: string) {
  const warnings: string[] = []
  const result = await completeBuild({ outDir, base: '/static/', static: { dirs: [src], root: '/', onWarning: (message) => warnings.push(message) } })
  return { ...result, warnings }
}

describe('the static stage state kept for the next build', () => {
  it('writes the cache in pieces as the JSON of its columns, which a rebuild reads back whole', async () => {
    const src = await tree()
    const out = await outputDir('state-out')
    const first = await build(src, out)
    expect(first.warnings).toEqual([expect.stringContaining('css/broken.css: "../img/missing.png" points at img/missing.png')])

    const text = await readFile(join(out, '.assetmap/cache.json'), 'utf8')
    expect(text.length, 'more than one piece of text').toBeGreaterThan(64 * 1024)
    const columns = JSON.parse(text) as { names: string[]; refs: Array<string | 0>; notes: Record<string, unknown> }
    // Byte for byte what `JSON.stringify` of the columns gives, as it was written before.
    expect(JSON.stringify(columns)).toBe(text)
    expect(columns.names).toHaveLength(2 * COUNT + 6)
    expect(columns.names).toContain('css/ü-7.css')
    expect(Object.keys(columns.notes)).toEqual([String(columns.names.indexOf('css/broken.css'))])
    const first7 = columns.refs[columns.names.indexOf('css/ü-7.css')]
    // Scanned, then `ü-8.css` imported (kind 1) and the image (kind 0), each at the byte offset of its extension.
    expect(first7).toBe(`1,${columns.names.indexOf('css/ü-8.css')},1,${Buffer.byteLength('@import "ü-8')},${columns.names.indexOf('img/7.png')},0,${Buffer.byteLength('@import "ü-8.css";\n/* é ✓ */ .x-7 { background: url(../img/7')}`)

    const again = await build(src, out)
    expect(again.static!.written).toBe(0)
    expect(again.warnings).toEqual(first.warnings)
    expect(again.manifest).toEqual(first.manifest)

    // One image deep in the import chain: what imports it, directly or not, is hashed again from the cache's references.
    await writeFile(join(src, 'img/300.png'), 'another image')
    const third = await build(src, out)
    const changed = Object.keys(third.manifest.assets).filter((name) => third.manifest.assets[name] !== first.manifest.assets[name])
    expect(changed.sort()).toEqual(['img/300.png', ...Array.from({ length: 301 }, (_, i) => `css/ü-${i}.css`)].sort())
    expect(third.warnings).toEqual(first.warnings)
    await expectSameAsCold(src, out)
  })

  it('renders a reference cycle and a script with its own source map the same cold and from the cache', async () => {
    const src = await tree()
    const out = await outputDir('state-out')
    const first = await build(src, out)
    const { assets } = first.manifest
    // The cycle's members share one hash; the script's map is renamed with it.
    expect(assets['css/a.css']!.split('.')[1]).toBe(assets['css/b.css']!.split('.')[1])
    const app = await readFile(join(out, assets['js/app.js']!), 'utf8')
    expect(app).toContain(`sourceMappingURL=${assets['js/app.js.map']!.slice('js/'.length)}`)
    expect(app).toContain(`from './${assets['js/dep.js']!.slice('js/'.length)}'`)

    await writeFile(join(src, 'img/1.png'), 'a new first image')
    await writeFile(join(src, 'js/dep.js'), 'export const dep = 2\n')
    const again = await build(src, out)
    expect(again.manifest.assets['css/a.css']).not.toBe(assets['css/a.css'])
    expect(again.manifest.assets['css/b.css']).not.toBe(assets['css/b.css'])
    expect(again.manifest.assets['js/app.js']).not.toBe(assets['js/app.js'])
    await expectSameAsCold(src, out)
  })
})
