// A rebuild that changed nothing, when parsing had nothing to say, is answered from the build
// cache's header (docs/design.md, "A rebuild that changed nothing"): the digest of the sources'
// names, paths and stamps replaces reading every file's record, and the hashes are read only for
// output folders that must be listed. These cases check that it sees every change the records
// would have shown, and that it really does not read them.
import { readFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { probeUnchangedBuild } from '../../packages/engine/dist/plan/unchangedBuild.js'
import { outputDir } from '../helpers/paths.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'
import { writeCheckedCache } from '../helpers/cacheFile.ts'

const CACHE = '.assetmap/cache.json'

/** Two static dirs whose files say nothing when parsed; the second's names sort before the first's, so the walk's order is not the names'. */
async function project(): Promise<{ dirs: string[]; out: string }> {
  const root = await outputDir('header-src')
  const first = join(root, 'first')
  const second = join(root, 'second')
  await mkdir(join(first, 'css'), { recursive: true })
  await mkdir(join(first, 'img'), { recursive: true })
  await mkdir(join(second, 'app'), { recursive: true })
  await writeFile(join(first, 'css/site.css'), '.logo { background: url(../img/logo.png) }\n')
  await writeFile(join(first, 'img/logo.png'), 'a logo')
  await writeFile(join(first, 'img/icon.png'), 'an icon')
  await writeFile(join(first, 'robots.txt'), 'User-agent: *\n')
  await writeFile(join(second, 'app/main.js'), "import './util.js'\nconsole.log('main')\n")
  await writeFile(join(second, 'app/util.js'), 'export const util = 1\n')
  await pastRacyWindow()
  return { dirs: [first, second], out: await outputDir('header-out') }
}

const build = (dirs: string[], out: string) => completeBuild({ outDir: out, base: '/static/', static: { dirs, root: '/', onWarning() {} } })

/** The probe a rebuild runs, with `settled` saying which output folders are vouched for by their change time. */
const probe = (dirs: string[], out: string, settled: (folder: string) => boolean = () => true) => probeUnchangedBuild({ dirs, root: '/', outDir: out, basePath: '/static/', onWarning() {} }, settled)

describe('a rebuild that changed nothing, answered from the cache header', () => {
  it('starts the cache with the header, which JSON readers still read with the columns', async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out)
    const text = readFileSync(join(out, CACHE), 'utf8')
    const cache = JSON.parse(text) as Record<string, unknown>
    expect(Object.keys(cache).slice(0, 6)).toEqual(['key', 'sources', 'count', 'bytes', 'said', 'hashes'])
    const files = Object.values(first.manifest.files)
    expect(cache).toMatchObject({ count: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0), said: false })
  })

  it('does not parse the columns: it answers with the columns broken, and says so only if the maps are asked for', async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out)
    const text = readFileSync(join(out, CACHE), 'utf8')
    // Everything after the hashes column made unreadable.
    const cut = text.indexOf(',"names":')
    await writeCheckedCache(join(out, CACHE), `${text.slice(0, cut)},"names":[garbage`)
    const answered = await probe(dirs, out)
    expect(answered.result).toMatchObject({ unchanged: true, written: 0, fileCount: Object.keys(first.manifest.files).length })
    expect(answered.result!.bytes).toBe(first.static!.bytes)
    expect(answered.names).toEqual(Object.keys(first.manifest.assets))
    expect(() => answered.result!.assets).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining('cache.json: its header was whole but its columns are not') }))
  })

  it('gives the maps of the build that wrote the cache when they are asked for', async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out)
    const answered = await probe(dirs, out)
    expect([...answered.result!.assets]).toEqual([...first.static!.assets])
    expect([...answered.result!.files]).toEqual([...first.static!.files])
  })

  const changes = [
    ['a file edited', (dirs: string[]) => writeFile(join(dirs[0]!, 'robots.txt'), 'User-agent: x\n')],
    ['a file touched', (dirs: string[]) => utimes(join(dirs[0]!, 'img/icon.png'), new Date(2001, 1, 1), new Date(2001, 1, 1))],
    ['a file added', (dirs: string[]) => writeFile(join(dirs[1]!, 'app/new.js'), 'export {}\n')],
    ['a file removed', (dirs: string[]) => rm(join(dirs[0]!, 'img/icon.png'))],
    ['a file renamed', (dirs: string[]) => rename(join(dirs[0]!, 'img/icon.png'), join(dirs[0]!, 'img/icon2.png'))],
    [
      'a file rewritten with its size and modification time kept',
      async (dirs: string[]) => {
        const path = join(dirs[0]!, 'img/logo.png')
        const { mtime } = await stat(path)
        await writeFile(path, 'A LOGO')
        await utimes(path, mtime, mtime)
      },
    ],
  ] as const
  for (const [what, change] of changes) {
    it(`sees ${what}`, async () => {
      const { dirs, out } = await project()
      await build(dirs, out)
      expect((await probe(dirs, out)).result, 'nothing changed yet').toBeDefined()
      await change(dirs)
      expect((await probe(dirs, out)).result).toBeUndefined()
    })
  }

  it('sees a folder moved to the other static dir: the same names and stamps, other paths', async () => {
    const { dirs, out } = await project()
    await build(dirs, out)
    const before = await stat(join(dirs[0]!, 'img/logo.png'))
    // A folder renamed changes no stamp of the files in it: only their paths differ.
    await rename(join(dirs[0]!, 'img'), join(dirs[1]!, 'img'))
    const after = await stat(join(dirs[1]!, 'img/logo.png'))
    expect([after.size, after.mtimeMs, after.ctimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ctimeMs, before.ino])
    expect((await probe(dirs, out)).result).toBeUndefined()
  })

  it('does not take a cache written with other options, even with every output folder settled', async () => {
    const { dirs, out } = await project()
    await completeBuild({ outDir: out, base: '/static/', static: { dirs, root: '/', keepOriginals: false, onWarning() {} } })
    const probeWith = (keepOriginals: boolean) => probeUnchangedBuild({ dirs, root: '/', outDir: out, basePath: '/static/', keepOriginals, onWarning() {} }, () => true)
    expect((await probeWith(false)).result).toBeDefined()
    // Its originals were never written: a build that keeps them cannot be "unchanged".
    expect((await probeWith(true)).result).toBeUndefined()
  })

  it("keeps the maps of the build that answered readable after another build writes a new cache, or removes it", async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out)
    const again = (await probe(dirs, out)).result!
    const third = (await probe(dirs, out)).result!
    await completeBuild({ outDir: out, base: '/static/', static: { dirs, root: '/', keepOriginals: false, onWarning() {} } })
    expect([...again.assets]).toEqual([...first.static!.assets])
    expect([...again.files]).toEqual([...first.static!.files])
    await rm(join(out, CACHE))
    expect([...third.files]).toEqual([...first.static!.files])
  })

  it('lists the folders not settled, with the hashes read from the cache, and sees a hashed file removed there', async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out)
    const text = readFileSync(join(out, CACHE), 'utf8')
    await writeCheckedCache(join(out, CACHE), `${text.slice(0, text.indexOf(',"names":'))},"names":[garbage`)
    const listed = await probe(dirs, out, (folder) => folder !== 'img')
    expect(listed.result).toBeDefined()
    expect(listed.listed).toBe(1)
    await rm(join(out, first.manifest.assets['img/icon.png']!))
    expect((await probe(dirs, out, (folder) => folder !== 'img')).result).toBeUndefined()
    // An original too.
    await build(dirs, out)
    await rm(join(out, 'img/logo.png'))
    expect((await probe(dirs, out, (folder) => folder !== 'img')).result).toBeUndefined()
  })

  it('reads the columns when parsing said something, to say it again', async () => {
    const { dirs, out } = await project()
    await writeFile(join(dirs[0]!, 'css/site.css'), '.logo { background: url(../img/missing.png) }\n')
    await pastRacyWindow()
    const first = await build(dirs, out)
    expect(JSON.parse(await readFile(join(out, CACHE), 'utf8'))).toMatchObject({ said: true })
    const warnings: string[] = []
    const again = await probeUnchangedBuild({ dirs, root: '/', outDir: out, basePath: '/static/', onWarning: (message) => warnings.push(message) }, () => true)
    expect(again.result!.warnings).toEqual(first.static!.warnings)
    expect(warnings).toEqual(first.static!.warnings)
    expect(warnings.join('\n')).toMatch(/missing\.png/)
  })
})
