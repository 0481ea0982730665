import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
// The static stage alone, from the build: a build that stops before its manifest.
import { buildStatic } from '../../packages/engine/dist/pipeline/buildStatic.js'
import { generateTree } from '../../bench/lib/generateTree.js'
import { killedBuild } from '../helpers/killedBuild.ts'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'

const fixtures = ['static-site', 'static-intl']

async function copyOf(name: string): Promise<string> {
  const dir = join(await outputDir(`incr-src-${name}`), 'static')
  await cp(fixture(name), dir, { recursive: true })
  return dir
}

async function build(src: string, outDir: string, cache = true) {
  const warnings: string[] = []
  const result = await completeBuild({ outDir, base: '/static/', static: { dirs: [src], root: '/', cache, onWarning: (m) => warnings.push(m) } })
  return { ...result, warnings }
}

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('incremental static rebuilds', () => {
  for (const name of fixtures) {
    it(`${name}: a rebuild from the cache writes nothing and equals a cold build`, async () => {
      const src = await copyOf(name)
      const out = await outputDir('incr-out')
      const first = await build(src, out)
      expect(first.static!.written).toBeGreaterThan(0)
      const again = await build(src, out)
      expect(again.static!.written).toBe(0)
      expect(again.manifest).toEqual(first.manifest)
      await expectSameAsCold(src, out)
    })
  }

  it('one changed image rewrites only its cascade: the image, the CSS naming it, and what names that CSS', async () => {
    const src = await copyOf('static-site')
    const out = await outputDir('incr-out')
    const first = await build(src, out)
    const css = await readFile(join(src, 'css/site.css'), 'utf8')
    expect(css).toContain('logo.png')
    await writeFile(join(src, 'img/logo.png'), Buffer.from('a different logo'))
    const again = await build(src, out)
    const changed = Object.keys(again.manifest.assets).filter((asset) => again.manifest.assets[asset] !== first.manifest.assets[asset])
    expect(changed).toContain('img/logo.png')
    expect(changed).toContain('css/site.css')
    expect(changed).not.toContain('js/util.js')
    // Each changed asset: its new hashed file, and its original linked to it.
    expect(again.static!.written).toBe(changed.length * 2)
    await expectSameAsCold(src, out)
  })

  it('a file naming a member of a reference cycle, rebuilt while the cycle is spared, names the cycle\'s hash', async () => {
    const src = await copyOf('static-site')
    await writeFile(join(src, 'css/uses-cycle.css'), '@import "cycle-b.css";\n@font-face { font-family: i; src: url(../fonts/icons.woff2) }\n')
    const out = await outputDir('incr-out')
    const first = await build(src, out)
    await writeFile(join(src, 'fonts/icons.woff2'), Buffer.from('another font'))
    const again = await build(src, out)
    expect(again.manifest.assets['css/cycle-b.css']).toBe(first.manifest.assets['css/cycle-b.css'])
    const css = await readFile(join(out, again.manifest.assets['css/uses-cycle.css']!), 'utf8')
    expect(css).toContain(`@import "${again.manifest.assets['css/cycle-b.css']!.slice('css/'.length)}"`)
    await expectSameAsCold(src, out)
  })

  it('after a build killed halfway, trusts no cache and rebuilds to the cold build\'s output', async () => {
    const src = await outputDir('incr-killed-src')
    await generateTree(src, 1500)
    const out = await outputDir('incr-out')
    await build(src, out)
    for (const path of await readdir(src, { recursive: true })) {
      if (/\.(css|js)$/.test(path)) await writeFile(join(src, path), `${await readFile(join(src, path), 'utf8')}/* edited */\n`)
    }
    await killedBuild(src, out)
    expect(existsSync(join(out, '.assetmap/cache.json')), 'the killed build left its cache').toBe(false)
    const again = await build(src, out)
    expect(again.warnings).toEqual([])
    await expectSameAsCold(src, out)
  })

  it('with nothing changed, keeps the manifest it wrote, unless it was changed since or a build stopped before writing its own', async () => {
    const src = await copyOf('static-site')
    const out = await outputDir('incr-out')
    const first = await build(src, out)
    const manifestFile = join(out, 'assetmap.json')
    const before = await stat(manifestFile)
    const again = await build(src, out)
    expect(again.manifest).toEqual(first.manifest)
    expect((await stat(manifestFile)).mtimeMs).toBe(before.mtimeMs)

    // Changed by hand: made again, not taken as it is.
    await writeFile(manifestFile, JSON.stringify({ ...first.manifest, base: '/edited/' }))
    expect((await build(src, out)).manifest).toEqual(first.manifest)
    expect(JSON.parse(await readFile(manifestFile, 'utf8'))).toEqual(first.manifest)

    // A build that wrote its files and cache, then stopped before its manifest: the next build,
    // which the cache spares entirely, still writes the manifest of what is there.
    await writeFile(join(src, 'img/logo.png'), Buffer.from('a logo written before a crash'))
    await pastRacyWindow()
    const stopped = await buildStatic({ dirs: [src], root: '/', outDir: out, basePath: '/static/', onWarning: () => {} })
    const after = await build(src, out)
    expect(after.static!.unchanged).toBe(true)
    expect(after.manifest.assets['img/logo.png']).toBe(stopped.assets.get('img/logo.png'))
    expect(after.manifest.assets['img/logo.png']).not.toBe(first.manifest.assets['img/logo.png'])
  })

  it('stays byte-identical to cold builds through a seeded series of edits', async () => {
    const src = await copyOf('static-site')
    const out = await outputDir('incr-out')
    await build(src, out)
    const next = random(16)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
    const edits: Array<() => Promise<void>> = [
      async () => writeFile(join(src, 'css/site.css'), `${await readFile(join(src, 'css/site.css'), 'utf8')}\n.e${Math.floor(next() * 1e6)} { background: url(../img/logo.png) }\n`),
      async () => writeFile(join(src, 'img/logo.png'), Buffer.from(`image ${next()}`)),
      async () => writeFile(join(src, 'css/base.css'), `/* ${next()} */ .b { background: url("../img/with space.png") }\n`),
      async () => {
        await mkdir(join(src, 'extra'), { recursive: true })
        await writeFile(join(src, `extra/n${Math.floor(next() * 100)}.css`), `@import "../css/base.css"; .x { background: url(/static/img/logo.png) }\n`)
      },
      async () => {
        const extras = await readdir(join(src, 'extra')).catch(() => [])
        if (extras.length > 0) await rm(join(src, 'extra', pick(extras)))
      },
      async () => {
        const from = pick(['fonts/icons.eot', 'fonts/icons2.eot'])
        await rename(join(src, from), join(src, from === 'fonts/icons.eot' ? 'fonts/icons2.eot' : 'fonts/icons.eot')).catch(() => {})
      },
      async () => writeFile(join(src, 'js/util.js'), `export const n = ${Math.floor(next() * 1e6)}\n`),
    ]
    for (let step = 0; step < 12; step++) {
      await pick(edits)()
      await build(src, out)
      await expectSameAsCold(src, out)
    }
  })

  it('ignores, with a warning, a cache that is corrupt or was written with other options', async () => {
    const src = await copyOf('static-site')
    const out = await outputDir('incr-out')
    await build(src, out)
    await writeFile(join(out, '.assetmap/cache.json'), '{ not json')
    const corrupt = await build(src, out)
    expect(corrupt.warnings.join('\n')).toMatch(/cache\.json: not valid JSON; ignored/)
    await expectSameAsCold(src, out)
    const other = await completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', keepOriginals: false, onWarning: () => {} } })
    expect(other.static!.warnings.join('\n')).toMatch(/other options or dirs; ignored/)
  })
})
