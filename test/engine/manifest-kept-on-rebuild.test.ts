import { cp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { completeBuild, memoryIO } from '@assetmap/engine'
import { createManifest } from '../../packages/engine/src/record/createManifest.ts'
import { writeManifest } from '../../packages/engine/src/record/writeManifest.ts'
import { fixture, outputDir } from '../helpers/paths.ts'

/** A writable copy of the static-site fixture and a fresh output folder. */
async function project(): Promise<{ src: string; out: string }> {
  const root = await outputDir('manifest-unchanged')
  const src = join(root, 'static')
  await cp(fixture('static-site'), src, { recursive: true })
  return { src, out: join(root, 'out') }
}

async function build(src: string, out: string) {
  return buildCommand({ dirs: [src], out, onWarning: () => {} })
}

/** What tells a reader (a server following the manifest, `ls -l`) that a file was written again: its inode (atomic writes rename a new file in) and mtime. */
async function identity(path: string): Promise<{ ino: number; mtimeMs: number; text: string }> {
  const { ino, mtimeMs } = await stat(path)
  return { ino, mtimeMs, text: await readFile(path, 'utf8') }
}

describe('the manifest stage on a rebuild', () => {
  it('leaves assetmap.json and its release copy untouched when nothing changed', async () => {
    const { src, out } = await project()
    const first = await build(src, out)
    const copy = join(out, '.assetmap/releases', `${first.release}.json`)
    const before = [await identity(first.manifest), await identity(copy)]
    const second = await build(src, out)
    expect(second.release).toBe(first.release)
    expect([await identity(first.manifest), await identity(copy)]).toEqual(before)
  })

  it('writes back a missing release copy, leaving the unchanged assetmap.json alone', async () => {
    const { src, out } = await project()
    const first = await build(src, out)
    const copy = join(out, '.assetmap/releases', `${first.release}.json`)
    const manifest = await identity(first.manifest)
    await rm(copy)
    await build(src, out)
    expect(await readFile(copy, 'utf8')).toBe(manifest.text)
    expect(await identity(first.manifest)).toEqual(manifest)
  })

  it('rewrites a manifest whose text differs, by whitespace or by one byte, and one that is not JSON', async () => {
    const { src, out } = await project()
    const first = await build(src, out)
    const text = await readFile(first.manifest, 'utf8')
    const sameSize = `${text.slice(0, -3)}${text.at(-3) === '0' ? '1' : '0'}${text.slice(-2)}`
    for (const altered of [JSON.stringify(JSON.parse(text)), sameSize, '{ not json']) {
      await writeFile(first.manifest, altered)
      await build(src, out)
      expect(await readFile(first.manifest, 'utf8')).toBe(text)
    }
  })

  it('writes a new manifest and release copy when a file changed', async () => {
    const { src, out } = await project()
    const first = await build(src, out)
    const before = await identity(first.manifest)
    await writeFile(join(src, 'css/site.css'), `${await readFile(join(src, 'css/site.css'), 'utf8')}\n.changed { color: red }\n`)
    const second = await build(src, out)
    expect(second.release).not.toBe(first.release)
    const after = await identity(second.manifest)
    expect(after.ino).not.toBe(before.ino)
    expect(after.text).not.toBe(before.text)
    expect(await readFile(join(out, '.assetmap/releases', `${second.release}.json`), 'utf8')).toBe(after.text)
    // The earlier release's copy stays (docs/design.md invariant 4).
    expect(await readFile(join(out, '.assetmap/releases', `${first.release}.json`), 'utf8')).toBe(before.text)
  })

  it('compares a manifest larger than one read, to its last byte', async () => {
    const out = await outputDir('manifest-large')
    const files = Array.from({ length: 6000 }, (_, index): [string, { size: number; integrity: string }] => [`img/${index}.0123456789ab.png`, { size: index, integrity: `sha384-${'A'.repeat(64)}` }])
    const manifest = createManifest({ base: '/static/', assets: [], entries: [], files })
    const path = await writeManifest(out, manifest)
    const text = await readFile(path, 'utf8')
    expect(text.length).toBeGreaterThan(3 * 256 * 1024)
    const before = await identity(path)
    await writeManifest(out, manifest)
    expect(await identity(path)).toEqual(before)
    // The same size, one byte different near the end: rewritten.
    const at = text.lastIndexOf('AAAA')
    await writeFile(path, `${text.slice(0, at)}B${text.slice(at + 1)}`)
    await writeManifest(out, manifest)
    expect(await readFile(path, 'utf8')).toBe(text)
  })

  it('skips the unchanged manifest in an output file system too', async () => {
    const files = new Map<string, Uint8Array>()
    const writes: string[] = []
    const inner = memoryIO(files)
    const io = { ...inner, writeFile: async (path: string, data: Uint8Array | string) => (writes.push(path), inner.writeFile(path, data)) }
    const bundle = { files: ['app.js'], assets: [['app.js', 'app.js']] as Array<[string, string]>, entries: [], read: () => new TextEncoder().encode('app()') }
    await completeBuild({ outDir: '/memory/out', base: '/static/', bundle, io })
    expect(writes.filter((path) => path.endsWith('.json'))).toHaveLength(2)
    writes.length = 0
    await completeBuild({ outDir: '/memory/out', base: '/static/', bundle, io })
    expect(writes.filter((path) => path.endsWith('.json'))).toEqual([])
  })
})
