import { createHash } from 'node:crypto'
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { completeBuild, createStaticSession } from '@assetmap/engine'
import { outputDir } from '../helpers/paths.ts'

// Seeded edits of a small tree of CSS and JS files that refer to each other (cycles), to images,
// to a missing file and to source maps (an edit may add or drop a sourceMappingURL); after each
// rebuild of a watch's session: the warnings, the manifest's bytes and every file of a cold build.

async function tree(dir: string) {
  const files = new Map<string, string>()
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const p = join(e.parentPath, e.name).slice(dir.length + 1)
    if (!p.startsWith('.assetmap/')) files.set(p, createHash('sha256').update(await readFile(join(dir, p))).digest('hex'))
  }
  return files
}

for (const seed0 of [1, 2, 3, 4, 5, 6]) {
  it(`a watch stays a cold build through seeded edits (seed ${seed0})`, async () => {
    let seed = seed0 * 7919
    const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
    const src = join(await outputDir('fuzz-src'), 's')
    await mkdir(join(src, 'a'), { recursive: true })
    await mkdir(join(src, 'b'), { recursive: true })
    const css = ['a/x.css', 'a/y.css', 'b/z.css', 'b/w.css', 'top.css']
    const js = ['a/m.js', 'b/n.js', 'o.js']
    const imgs = ['a/i.png', 'b/j.png', 'k.png']
    const mapOf = (f: string) => `${f}.map`
    const rel = (from: string, to: string) => {
      const depth = from.split('/').length - 1
      return `${'../'.repeat(depth)}${to}`
    }
    const cssText = (f: string) => {
      const lines = [`.c${Math.floor(r() * 1000)} {}`]
      for (const o of css) if (o !== f && r() < 0.3) lines.unshift(`@import "${rel(f, o)}";`)
      for (const i of imgs) if (r() < 0.3) lines.push(`.i { background: url(${rel(f, i)}) }`)
      if (r() < 0.1) lines.push(`.m { background: url(${rel(f, 'missing.png')}) }`)
      const withMap = r() < 0.6
      if (withMap) lines.push(`/*# sourceMappingURL=${f.split('/').pop()}.map */`)
      return lines.join('\n') + '\n'
    }
    const jsText = (f: string) => {
      const lines = [`export const v = ${Math.floor(r() * 1000)}`]
      for (const o of js) if (o !== f && r() < 0.4) lines.unshift(`import '${o.startsWith(f.split('/')[0] + '/') && f.includes('/') ? './' + o.split('/').pop() : rel(f, o).replace(/^(?!\.)/, './')}'`)
      for (const i of imgs) if (r() < 0.3) lines.push(`new URL('${rel(f, i).replace(/^(?!\.)/, './')}', import.meta.url)`)
      const withMap = r() < 0.6
      if (withMap) lines.push(`//# sourceMappingURL=${f.split('/').pop()}.map`)
      return lines.join('\n') + '\n'
    }
    const mapText = (f: string) => JSON.stringify({ version: 3, file: f.split('/').pop(), sources: [`src/${f.split('/').pop()}`], names: [], mappings: r() < 0.5 ? 'AAAA' : 'AAAA;AACA' })
    const write = async (f: string) => {
      const p = join(src, f)
      if (css.includes(f)) await writeFile(p, cssText(f))
      else if (js.includes(f)) await writeFile(p, jsText(f))
      else if (f.endsWith('.map')) await writeFile(p, mapText(f.slice(0, -4)))
      else await writeFile(p, `img ${r()}`)
    }
    const all = [...css, ...js, ...imgs, ...[...css, ...js].map(mapOf)]
    for (const f of all) await write(f)
    const out = await outputDir('fuzz-out')
    const session = createStaticSession()
    const build = (o: string, w: string[], s?: ReturnType<typeof createStaticSession>) => completeBuild({ outDir: o, base: '/static/', static: { dirs: [src], root: '/', ...(s ? { session: s } : { cache: false }), onWarning: (m) => w.push(m) } })
    await build(out, [], session)
    for (let step = 0; step < 25; step++) {
      const changed = [...new Set(Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(all)))]
      for (const f of changed) await write(f)
      session.changed(changed.map((f) => join(src, f)))
      const w: string[] = []
      const res = await build(out, w, session)
      const cold = await outputDir('fuzz-cold')
      const cw: string[] = []
      await build(cold, cw)
      const label = `seed ${seed0} step ${step} changed ${changed.join(',')} since ${res.static?.changes?.since}`
      expect(w, label).toEqual(cw)
      expect(await readFile(join(out, 'assetmap.json'), 'utf8'), label).toBe(await readFile(join(cold, 'assetmap.json'), 'utf8'))
      const [ct, it2] = [await tree(cold), await tree(out)]
      for (const [p, d] of ct) expect(it2.get(p), `${label}: ${p}`).toBe(d)
      await rm(cold, { recursive: true })
    }
  }, 120_000)
}
