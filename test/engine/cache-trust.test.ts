import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { mkdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession } from '@assetmap/engine'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'
import { outputDir } from '../helpers/paths.ts'

/** A small tree: stylesheets that import each other and name images, and a script. */
async function tree(src: string): Promise<string> {
  await mkdir(join(src, 'css'), { recursive: true })
  await mkdir(join(src, 'img'), { recursive: true })
  for (let i = 0; i < 20; i++) {
    await writeFile(join(src, `css/s${i}.css`), `${i > 0 ? `@import "s${i - 1}.css";\n` : ''}.x${i} { background: url(../img/${i}.png) }\n`)
    await writeFile(join(src, `img/${i}.png`), `image number ${String(i).padStart(3, '0')}`)
  }
  await writeFile(join(src, 'app.js'), "import './dep.js'\n")
  await writeFile(join(src, 'dep.js'), 'export const dep = 1\n')
  return src
}

const build = (src: string, outDir: string) => completeBuild({ outDir, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {} } })
const CACHE = '.assetmap/cache.json'

describe('the build cache is trusted only as written', () => {
  it('ignores a cache whose integrity column was edited, keeping it well-formed', async () => {
    const src = await tree(join(await outputDir('trust-digest-src'), 'static'))
    const out = await outputDir('trust-digest-out')
    await build(src, out)
    const text = await readFile(join(out, CACHE), 'utf8')
    const at = text.indexOf('"digests":"') + '"digests":"'.length
    await writeFile(join(out, CACHE), text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1))
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('ignores a cache whose names were swapped, even when a file changed since', async () => {
    const src = await tree(join(await outputDir('trust-swap-src'), 'static'))
    const out = await outputDir('trust-swap-out')
    await build(src, out)
    const columns = JSON.parse(await readFile(join(out, CACHE), 'utf8')) as { names: string[] }
    const [a, b] = [columns.names.indexOf('css/s3.css'), columns.names.indexOf('css/s4.css')]
    ;[columns.names[a], columns.names[b]] = [columns.names[b]!, columns.names[a]!]
    await writeFile(join(out, CACHE), JSON.stringify(columns))
    await writeFile(join(src, 'img/0.png'), 'image number 000, edited')
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('ignores a cache that is a FIFO, a symbolic link to /dev/zero or a folder, promptly', async () => {
    const src = await tree(join(await outputDir('trust-odd-src'), 'static'))
    for (const make of [(path: string) => execFileSync('mkfifo', [path]), (path: string) => symlink('/dev/zero', path), (path: string) => mkdir(path)]) {
      const out = await outputDir('trust-odd-out')
      await build(src, out)
      await rm(join(out, CACHE))
      await make(join(out, CACHE))
      const started = Date.now()
      await build(src, out)
      expect(Date.now() - started, 'seconds, not a hang').toBeLessThan(5000)
      await expectSameAsCold(src, out)
      expect(statSync(join(out, CACHE)).isFile(), 'a new cache replaced it').toBe(true)
    }
  }, 30_000)

  it('ignores a manifest stamp that is a FIFO or a symbolic link to /dev/zero, promptly', async () => {
    const src = await tree(join(await outputDir('trust-stamp-src'), 'static'))
    for (const make of [(path: string) => execFileSync('mkfifo', [path]), (path: string) => symlink('/dev/zero', path)]) {
      const out = await outputDir('trust-stamp-out')
      await build(src, out)
      await rm(join(out, '.assetmap/manifest-stamp.json'))
      await make(join(out, '.assetmap/manifest-stamp.json'))
      const started = Date.now()
      await build(src, out)
      expect(Date.now() - started, 'seconds, not a hang').toBeLessThan(5000)
      await expectSameAsCold(src, out)
    }
  }, 30_000)

  it('writes again an output changed by hand: an image truncated, a stylesheet replaced', async () => {
    const src = await tree(join(await outputDir('trust-output-src'), 'static'))
    const out = await outputDir('trust-output-out')
    const { manifest } = await build(src, out)
    const [image, stylesheet] = [manifest.assets['img/3.png']!, manifest.assets['css/s5.css']!]
    // By hand, so later than a clock tick after the build: a change within the tick the cache was
    // written in can carry a change time no later than the cache's (the kernel's file clock is
    // coarse), and is not seen (docs/design.md, "Outputs changed by hand").
    await pastRacyWindow()
    await truncate(join(out, image), 2)
    // The same size, other bytes.
    await writeFile(join(out, stylesheet), 'x'.repeat(manifest.files[stylesheet]!.size))
    // At the next build that changes anything: one with nothing changed only lists the folders
    // (a stat per output was a fifth of its time on the 10k tree).
    await writeFile(join(src, 'dep.js'), 'export const dep = 2\n')
    await build(src, out)
    await expectSameAsCold(src, out)
  })
})

/**
 * A file system whose timestamps are whole seconds (ext4 with 128-byte inodes, as ext3, HFS+ and
 * FAT have): an edit that keeps the size in the second the build stamped it leaves size, mtime,
 * ctime and inode as they were.
 */
describe('an edit in the second of the build (racy-clean, 1-second timestamps)', () => {
  let mount = ''
  // Mounted only when a test here runs (not when a filter skips them), and always unmounted.
  beforeAll(() => {
    const image = join(mkdtempSync(join(tmpdir(), 'racy-')), 'fs.img')
    execFileSync('dd', ['if=/dev/zero', `of=${image}`, 'bs=1M', 'count=16', 'status=none'])
    execFileSync('mkfs.ext4', ['-q', '-F', '-I', '128', image], { stdio: 'ignore' })
    mkdirSync((mount = `${image}.mnt`))
    execFileSync('mount', ['-o', 'loop', image, mount])
  })
  afterAll(() => {
    if (mount === '') return
    execFileSync('umount', [mount])
    rmSync(join(mount, '..'), { recursive: true, force: true })
  })

  /** Waits for the start of a second, so that a build and an edit after it fit in one. */
  const startOfSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5))

  it('reads the file again on the next build, and every build after', async () => {
    const src = await tree(join(mount, 'src'))
    const out = join(mount, 'out')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await startOfSecond()
    await writeFile(join(src, 'css/s7.css'), '.x7 { background: url(../img/1.png) }\n/* AAA */\n')
    await build(src, out)
    const stamped = statSync(join(src, 'css/s7.css'))
    await writeFile(join(src, 'css/s7.css'), '.x7 { background: url(../img/2.png) }\n/* BBB */\n')
    const edited = statSync(join(src, 'css/s7.css'))
    // The precondition of the race: the edit left the stamp as it was.
    expect([edited.size, edited.mtimeMs, edited.ctimeMs, edited.ino]).toEqual([stamped.size, stamped.mtimeMs, stamped.ctimeMs, stamped.ino])
    await build(src, out)
    await expectSameAsCold(src, out)
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('under a watch: two saves in one second, each reported, give the bytes of the second', async () => {
    const src = await tree(join(mount, 'watched'))
    const out = join(mount, 'watched-out')
    const session = createStaticSession()
    const watchBuild = () => completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', session, onWarning: () => {} } })
    const css = join(src, 'css/s7.css')
    await watchBuild()
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await startOfSecond()
    await writeFile(css, '.x7 { background: url(../img/1.png) }\n/* AAA */\n')
    session.changed([css])
    await watchBuild()
    const stamped = statSync(css)
    await writeFile(css, '.x7 { background: url(../img/2.png) }\n/* BBB */\n')
    const edited = statSync(css)
    expect([edited.size, edited.mtimeMs, edited.ctimeMs, edited.ino]).toEqual([stamped.size, stamped.mtimeMs, stamped.ctimeMs, stamped.ino])
    session.changed([css])
    await watchBuild()
    await expectSameAsCold(src, out)
  })
})
