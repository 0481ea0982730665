import { chmod, cp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession, type StaticSession } from '@assetmap/engine'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'

// A watch's rebuilds (a session told what changed) make the manifest from the records that
// changed: what they write must be, byte for byte, what a cold build writes.

/** A copy of the static-site fixture, with names JSON puts in an order of its own (`404` before any other key) or that an object may not hold plainly (`__proto__`). */
async function source(): Promise<string> {
  const src = join(await outputDir('minc-src'), 'static')
  await cp(fixture('static-site'), src, { recursive: true })
  await writeFile(join(src, '404'), 'not found\n')
  await writeFile(join(src, '7'), 'seven\n')
  await writeFile(join(src, '__proto__'), 'a file named like a prototype\n')
  // `a.css` → `a.<hash>.css`: whether it sorts before or after `a.b.<hash>.css` depends on its hash.
  await writeFile(join(src, 'css/a.css'), '.a { color: red }\n')
  await writeFile(join(src, 'css/a.b.css'), '.ab { background: url(../img/logo.png) }\n')
  return src
}

function watchBuild(src: string, out: string, session: StaticSession, warnings: string[] = []) {
  return completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', session, onWarning: (message) => warnings.push(message) } })
}

/** A session's first build of a new copy of the source. */
async function watching(warnings?: string[]) {
  const src = await source()
  await pastRacyWindow()
  const out = await outputDir('minc-out')
  const session = createStaticSession()
  const first = await watchBuild(src, out, session, warnings)
  return { src, out, session, first }
}

/** A watcher's report of `names` (relative to `src`), then the rebuild it leads to. */
function rebuildAfter(src: string, out: string, session: StaticSession, names: readonly string[], warnings?: string[]) {
  session.changed(names.map((name) => join(src, name)))
  return watchBuild(src, out, session, warnings)
}

async function coldBuild(src: string) {
  const out = await outputDir('minc-cold')
  const warnings: string[] = []
  const result = await completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', cache: false, onWarning: (message) => warnings.push(message) } })
  return { out, result, warnings }
}

/** assetmap.json and its release copy hold the cold build's bytes. */
async function expectColdManifest(src: string, out: string): Promise<void> {
  const cold = await coldBuild(src)
  const bytes = await readFile(join(out, 'assetmap.json'))
  expect(bytes.toString()).toBe((await readFile(join(cold.out, 'assetmap.json'))).toString())
  const { release } = JSON.parse(bytes.toString()) as { release: string }
  expect(release).toBe(cold.result.manifest.release)
  expect((await readFile(join(out, '.assetmap/releases', `${release}.json`))).equals(bytes)).toBe(true)
}

describe('the manifest of a watch session', () => {
  it('lists a file named __proto__ beside files whose names JSON orders first (a cold build dropped it when sorting its keys)', async () => {
    const src = await source()
    const { out, result } = await coldBuild(src)
    const manifest = JSON.parse(await readFile(join(out, 'assetmap.json'), 'utf8')) as { assets: Record<string, string> }
    expect(Object.keys(manifest.assets).slice(0, 3)).toEqual(['7', '404', '__proto__'])
    expect(Object.hasOwn(manifest.assets, '__proto__')).toBe(true)
    expect(manifest.assets['__proto__']).toBe(result.manifest.assets['__proto__'])
    expect(manifest.assets['__proto__']).toMatch(/^__proto__\.\w{12}$/)
  })

  it('after each rebuild, assetmap.json and its release copy are byte for byte those of a cold build', async () => {
    const { src, out, session } = await watching()
    await expectColdManifest(src, out)
    const edit = async (name: string, content: string | Buffer): Promise<void> => {
      await writeFile(join(src, name), content)
      await rebuildAfter(src, out, session, [name])
      await expectColdManifest(src, out)
    }
    await edit('css/site.css', `${await readFile(join(src, 'css/site.css'), 'utf8')}\n.edited { color: red }\n`)
    // What names the image is rewritten too: the cascade's records change with it.
    await edit('img/logo.png', Buffer.from('a new logo'))
    await edit('404', 'still not found\n')
    await edit('__proto__', 'another prototype\n')
    for (let round = 0; round < 6; round++) await edit('css/a.css', `.a { color: red }\n/* ${round} */\n`)
    // A new file: the dirs are walked again, and the manifest made whole; then records again.
    await writeFile(join(src, 'css/new.css'), '.n { background: url(../img/logo.png) }\n')
    await rebuildAfter(src, out, session, ['css/new.css'])
    await expectColdManifest(src, out)
    await edit('css/new.css', '.n { color: blue }\n')
    await expectSameAsCold(src, out)
  })

  it('stays byte for byte a cold build through a seeded series of edits a watcher reports (cycles, source maps, cascades)', async () => {
    const { src, out, session } = await watching()
    let seed = 7
    /** A small seeded generator (mulberry32), so that a failure can be replayed. */
    const next = (): number => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const edits: Array<[string, () => string | Buffer]> = [
      ['css/site.css', () => `@import "print.css";\n.s${Math.floor(next() * 1e6)} { background: url(../img/logo.png) }\n/*# sourceMappingURL=site.css.map */\n`],
      ['css/cycle-a.css', () => `@import "cycle-b.css";\n.a${Math.floor(next() * 1e6)} {}\n`],
      ['css/cycle-b.css', () => `@import "cycle-a.css";\n.b${Math.floor(next() * 1e6)} { background: url(../img/logo.png) }\n`],
      ['img/logo.png', () => Buffer.from(`image ${next()}`)],
      ['css/a.css', () => `.a { color: red }\n/* ${next()} */\n`],
      ['js/util.js', () => `export const n = ${Math.floor(next() * 1e6)}\n`],
      ['404', () => `${next()}\n`],
    ]
    for (let step = 0; step < 16; step++) {
      const changed = edits.filter(() => next() < 0.3)
      if (changed.length === 0) changed.push(edits[Math.floor(next() * edits.length)]!)
      for (const [name, content] of changed) await writeFile(join(src, name), content())
      await rebuildAfter(src, out, session, changed.map(([name]) => name))
      await expectColdManifest(src, out)
      await expectSameAsCold(src, out)
    }
  })

  it('a rebuild says which names changed since the build before it, and still gives every name', async () => {
    const { src, out, session, first } = await watching()
    const count = first.static!.assets.size
    await writeFile(join(src, 'css/print.css'), '.print { display: none }\n')
    const second = await rebuildAfter(src, out, session, ['css/print.css'])
    const changes = second.static!.changes!
    expect(changes).toMatchObject({ build: first.static!.changes!.build + 1, since: first.static!.changes!.build })
    // The file, and what refers to it (site.css imports it, and its source map goes with it).
    expect([...changes.names!].sort()).toEqual(['css/print.css', 'css/site.css', 'css/site.css.map'])
    expect(second.static!.assets.size).toBe(count)
    expect(Object.keys(second.manifest.assets)).toHaveLength(count)
    expect(second.manifest.assets['css/print.css']).toBe(second.static!.assets.get('css/print.css'))
  })

  it('writes again a manifest changed by hand since, even in place with its old size and times, and a removed release copy', async () => {
    const { src, out, session } = await watching()
    const path = join(out, 'assetmap.json')
    const good = await readFile(path)
    const { mtime, atime } = await stat(path)
    // The same inode, size and modification time: only the change time tells. The rebuild's
    // manifest is the same as the last one (a file reported whose content did not change).
    await writeFile(path, Buffer.alloc(good.length, 0x20))
    await utimes(path, atime, mtime)
    await chmod(join(src, 'css/print.css'), 0o600)
    await rebuildAfter(src, out, session, ['css/print.css'])
    await expectColdManifest(src, out)
    // The release copy removed.
    const { release } = JSON.parse(await readFile(path, 'utf8')) as { release: string }
    await rm(join(out, '.assetmap/releases', `${release}.json`))
    await rebuildAfter(src, out, session, ['css/print.css'])
    await expectColdManifest(src, out)
    // And assetmap.json replaced whole by another writer.
    await writeFile(path, '{}')
    await rebuildAfter(src, out, session, ['css/print.css'])
    await expectColdManifest(src, out)
  })

  it('writes again an output deleted by hand, at the next rebuild for another file', async () => {
    const { src, out, session, first } = await watching()
    await rm(join(out, first.manifest.assets['fonts/icons.woff2']!))
    await rm(join(out, 'favicon.ico'))
    // In the folder of the file that changed, too: the folder is listed again for that file.
    await rm(join(out, first.manifest.assets['css/base.css']!))
    await writeFile(join(src, 'css/print.css'), '.print { display: none }\n')
    const second = await rebuildAfter(src, out, session, ['css/print.css'])
    expect(second.static!.written).toBeGreaterThanOrEqual(4)
    await expectSameAsCold(src, out)
    // A file reported whose content did not change (its mode did): its folder is listed again, and the others in it are looked at.
    await rm(join(out, second.manifest.assets['css/layered.css']!))
    await chmod(join(src, 'css/print.css'), 0o600)
    await rebuildAfter(src, out, session, ['css/print.css'])
    await expectSameAsCold(src, out)
  })

  it('says the warnings of files it did not parse again on every rebuild, in the order a cold build says them', async () => {
    const firstWarnings: string[] = []
    const { src, out, session } = await watching(firstWarnings)
    const { warnings: coldWarnings } = await coldBuild(src)
    expect(firstWarnings.length).toBeGreaterThan(0)
    expect(firstWarnings).toEqual(coldWarnings)
    for (const name of ['css/print.css', 'js/util.js']) {
      await writeFile(join(src, name), `${await readFile(join(src, name), 'utf8')}\n/* edited */\n`)
      const warnings: string[] = []
      const result = await rebuildAfter(src, out, session, [name], warnings)
      expect(warnings).toEqual((await coldBuild(src)).warnings)
      expect(result.static!.warnings).toEqual(warnings)
    }
  })
})
