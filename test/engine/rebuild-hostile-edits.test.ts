import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession, type StaticSession } from '@assetmap/engine'
import { AssetmapError } from '@assetmap/runtime'
import { fixture, outputDir } from '../helpers/paths.ts'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'

// What a hostile review of incremental rebuilds found: each case leaves the output folder as a
// cold build of the same sources would, whatever happened between builds.

const pause = () => new Promise((resolve) => setTimeout(resolve, 20))

async function source(files: Record<string, string>): Promise<string> {
  const src = join(await outputDir('probe-src'), 'static')
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(src, name, '..'), { recursive: true })
    await writeFile(join(src, name), text)
  }
  return src
}

function build(src: string, out: string, options: { session?: StaticSession; cache?: boolean } = {}) {
  return completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {}, ...options } })
}

describe('incremental rebuilds under hostile edits', () => {
  it('a build without the cache leaves no cache or manifest stamp behind to vouch for what it replaced', async () => {
    const src = await source({ 'a.css': 'body { color: red }\n', 'b.txt': 'b\n' })
    const out = await outputDir('probe-out')
    await build(src, out)
    const aside = join(await outputDir('probe-aside'), 'a.css')
    await rename(join(src, 'a.css'), aside)
    await pause()
    await writeFile(join(src, 'a.css'), 'body{color:blue}\n')
    await build(src, out, { cache: false })
    // The first file back, moved (same inode, size and mtime): what the first build's cache knew.
    await rm(join(src, 'a.css'))
    await rename(aside, join(src, 'a.css'))
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a watch whose build failed midway does not write the cache of the build before', async () => {
    const src = await source({ 'img.png': 'PNG1', 'm.css': '.m { background: url(img.png) }\n', 'z.css': '.z { background: url(img.png) }\n' })
    const cold = await outputDir('probe-cold')
    await writeFile(join(src, 'img.png'), 'PNG2')
    const blocked = (await build(src, cold, { cache: false })).manifest.assets['z.css']!
    await writeFile(join(src, 'img.png'), 'PNG1')
    const out = await outputDir('probe-out')
    const session = createStaticSession()
    await build(src, out, { session })
    await pause()
    await writeFile(join(src, 'img.png'), 'PNG2')
    // z.css's new hashed file cannot be written: the build fails after writing others.
    await mkdir(join(out, blocked))
    session.changed([join(src, 'img.png')])
    await expect(build(src, out, { session })).rejects.toMatchObject({ code: 'WRITE_FAILED' })
    session.flush()
    await rm(join(out, blocked), { recursive: true })
    await pause()
    await writeFile(join(src, 'img.png'), 'PNG1')
    session.changed([join(src, 'img.png')])
    await build(src, out, { session })
    await expectSameAsCold(src, out)
  })

  it('a watch told of an edit sees it under every name the file has (a symbolic link to it)', async () => {
    const src = await source({ 'a.css': 'body { color: red }\n' })
    await symlink('a.css', join(src, 'b.css'))
    const out = await outputDir('probe-out')
    const session = createStaticSession()
    await build(src, out, { session })
    await pause()
    await writeFile(join(src, 'a.css'), 'body { color: blue }\n')
    session.changed([join(src, 'a.css')])
    const { manifest } = await build(src, out, { session })
    expect(await readFile(join(out, manifest.assets['b.css']!), 'utf8')).toContain('blue')
    await expectSameAsCold(src, out)
  })

  it('a watch writes again a hashed file deleted from the output while it ran', async () => {
    const src = join(await outputDir('probe-src'), 'static')
    await mkdir(src, { recursive: true })
    await writeFile(join(src, 'a.css'), '.a { color: red }\n')
    await writeFile(join(src, 'b.css'), '.b { color: red }\n')
    const out = await outputDir('probe-out')
    const session = createStaticSession()
    const first = await build(src, out, { session })
    await rm(join(out, first.manifest.assets['a.css']!))
    await pause()
    await writeFile(join(src, 'b.css'), '.b { color: blue }\n')
    session.changed([join(src, 'b.css')])
    const { manifest } = await build(src, out, { session })
    expect(existsSync(join(out, manifest.assets['a.css']!)), manifest.assets['a.css']).toBe(true)
    await expectSameAsCold(src, out)
  })

  it('repairs, once the cache is deleted, a file of the output edited in place (originals share their hashed file\'s bytes)', async () => {
    const src = join(await outputDir('probe-src'), 'static')
    await mkdir(src, { recursive: true })
    await cp(fixture('static-site'), src, { recursive: true })
    const out = await outputDir('probe-out')
    await build(src, out)
    const css = await readFile(join(out, 'css/site.css'), 'utf8')
    // The same size, other bytes, written in place through the original's name.
    await writeFile(join(out, 'css/site.css'), `/${css.slice(1)}`)
    await rm(join(out, '.assetmap/cache.json'))
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a file that became a folder of the same name: the old original gives way, and the output equals a cold build', async () => {
    const src = await source({ 'img/logo': 'a logo without an extension\n', 'site.css': '.a { background: url(img/logo) }\n' })
    const out = await outputDir('probe-out')
    await build(src, out)
    await rm(join(src, 'img/logo'))
    await mkdir(join(src, 'img/logo'))
    await writeFile(join(src, 'img/logo/dark.svg'), '<svg/>\n')
    await writeFile(join(src, 'site.css'), '.a { background: url(img/logo/dark.svg) }\n')
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a folder that became a file: fails naming the output folder in the way, and keeps the earlier release\'s files', async () => {
    const src = await source({ 'img/logo/dark.svg': '<svg/>\n' })
    const out = await outputDir('probe-out')
    const first = await build(src, out)
    await rm(join(src, 'img/logo'), { recursive: true })
    await writeFile(join(src, 'img/logo'), 'a logo without an extension\n')
    const error = await build(src, out).catch((caught: unknown) => caught as AssetmapError)
    expect(error).toBeInstanceOf(AssetmapError)
    expect(error).toMatchObject({ code: 'WRITE_FAILED', value: join(out, 'img/logo') })
    expect((error as AssetmapError).message).toMatch(/a folder of that name.*earlier build.*Remove the folder/s)
    expect(existsSync(join(out, first.manifest.assets['img/logo/dark.svg']!))).toBe(true)
  })
})
