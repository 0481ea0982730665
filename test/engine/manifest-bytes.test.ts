import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { completeBuild, memoryIO, type StaticBuildResult } from '@assetmap/engine'
import { createManifest } from '../../packages/engine/src/record/createManifest.ts'
import { stableStringify } from '../../packages/engine/src/record/stableStringify.ts'
import { encodeStaticManifest, type StaticManifestInput } from '../../packages/engine/src/record/staticManifest.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { thrown } from '../helpers/thrown.ts'

// A static-only build encodes its manifest straight from the static stage's records, without a
// `Manifest` object: its bytes must be, to the byte, what `stableStringify(createManifest(…))`
// writes for the same records, release id included.

/**
 * The static-site fixture with names JSON orders its own way (array indexes first, by value:
 * `7` before `10`; `4294967295` and `01` are not indexes), names an object cannot hold plainly
 * (`__proto__`), names JSON escapes, and names that sort differently as UTF-16 and as UTF-8
 * (U+FF61 is after the surrogates of U+1F600 in UTF-16, before them in bytes).
 */
async function oddSource(): Promise<string> {
  const src = join(await outputDir('mcold-src'), 'static')
  await cp(fixture('static-site'), src, { recursive: true })
  const names = ['404', '7', '10', '4294967294', '4294967295', '01', '__proto__', 'constructor', 'é/ü.css', '\u{1F600}.txt', '\uFF61.txt', 'a"b.txt', 'tab\there.txt', 'new\nline.txt', 'Z.css', 'a.css', 'a.b.css']
  for (const name of names) {
    await mkdir(join(src, name, '..'), { recursive: true })
    await writeFile(join(src, name), name.endsWith('.css') ? `.x { background: url(${name.includes('/') ? '../' : ''}img/logo.png) }\n` : `${name}\n`)
  }
  return src
}

/** What the manifest stage wrote before it encoded records itself. */
function expected(result: StaticBuildResult, options: { base?: string; pinnedBase?: string; release?: string } = {}): string {
  return stableStringify(createManifest({ base: options.base ?? '/static/', pinnedBase: options.pinnedBase, release: options.release, assets: result.assets, entries: [], files: result.files }))
}

async function expectWritten(out: string, text: string, release: string): Promise<void> {
  expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(text)
  expect(await readFile(join(out, '.assetmap/releases', `${release}.json`), 'utf8')).toBe(text)
}

describe('the manifest of a static-only build', () => {
  it('is byte for byte what stableStringify(createManifest(…)) writes, with odd names', async () => {
    const src = await oddSource()
    const out = await outputDir('mcold-out')
    const result = await completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {} } })
    const text = expected(result.static!)
    expect(Object.keys(JSON.parse(text).assets).slice(0, 4)).toEqual(['7', '10', '404', '4294967294'])
    await expectWritten(out, text, result.release)
    expect(result.release).toBe(JSON.parse(text).release)
    // Made on first use, from the same records: the same manifest, key for key.
    expect(`${JSON.stringify(result.manifest, null, 2)}\n`).toBe(text)
    expect(result.manifest).toBe(result.manifest)
  })

  it('with a pinned base and a given release, without a cache', async () => {
    const src = await oddSource()
    const out = await outputDir('mcold-out')
    const options = { base: 'https://cdn.example/ä/', pinnedBase: '/build', release: 'v1.2_3' }
    const result = await completeBuild({ outDir: out, ...options, static: { dirs: [src], root: '/', cache: false, onWarning: () => {} } })
    expect(result.release).toBe('v1.2_3')
    await expectWritten(out, expected(result.static!, options), 'v1.2_3')
  })

  it('through an output that is not the disk', async () => {
    const src = await oddSource()
    const files = new Map<string, Uint8Array>()
    const out = '/virtual/out'
    const result = await completeBuild({ outDir: out, base: '/static/', io: memoryIO(files), static: { dirs: [src], root: '/', onWarning: () => {} } })
    const text = expected(result.static!)
    expect(Buffer.from(files.get(join(out, 'assetmap.json'))!).toString()).toBe(text)
    expect(Buffer.from(files.get(join(out, '.assetmap/releases', `${result.release}.json`))!).toString()).toBe(text)
  })

  it('of an empty static dir', async () => {
    const src = join(await outputDir('mcold-src'), 'empty')
    await mkdir(src)
    const out = await outputDir('mcold-out')
    const result = await completeBuild({ outDir: out, base: '/', static: { dirs: [src], root: '/', onWarning: () => {} } })
    const text = expected(result.static!, { base: '/' })
    expect(text).toContain('"assets": {},')
    await expectWritten(out, text, result.release)
  })

  it('is rewritten when a rebuild changes it without changing its length, and left alone when it is the same', async () => {
    const src = await oddSource()
    const out = await outputDir('mcold-out')
    const build = () => completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {} } })
    const first = await build()
    // Same size, other bytes: another hash and integrity, a manifest of the same length.
    await writeFile(join(src, '7'), '8\n')
    const second = await build()
    const text = expected(second.static!)
    expect(text.length).toBe(expected(first.static!).length)
    expect(second.release).not.toBe(first.release)
    await expectWritten(out, text, second.release)
    // Without the stamp the manifest is made again, to the same bytes: neither file is written.
    const path = join(out, 'assetmap.json')
    const copy = join(out, '.assetmap/releases', `${second.release}.json`)
    const before = [await stat(path), await stat(copy)].map(({ ino, mtimeMs }) => ({ ino, mtimeMs }))
    await rm(join(out, '.assetmap/manifest-stamp.json'))
    const third = await build()
    expect(third.release).toBe(second.release)
    expect([await stat(path), await stat(copy)].map(({ ino, mtimeMs }) => ({ ino, mtimeMs }))).toEqual(before)
  })
})

describe('a static-only build beside precompressed originals', () => {
  it('removes a variant that no longer decodes to its original, and keeps one that does', async () => {
    const src = await oddSource()
    const out = await outputDir('mcold-out')
    const build = () => completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {} } })
    await build()
    await writeFile(join(out, 'robots.txt.gz'), gzipSync(await readFile(join(out, 'robots.txt'))))
    await writeFile(join(out, '7.gz'), gzipSync(await readFile(join(out, '7'))))
    await writeFile(join(out, '7.br'), brotliCompressSync(await readFile(join(out, '7'))))
    await writeFile(join(src, '7'), 'seven, changed\n')
    const result = await build()
    expect(result.removedVariants.sort()).toEqual(['7.br', '7.gz'])
    await expect(stat(join(out, '7.gz'))).rejects.toThrow()
    expect(gunzipSync(await readFile(join(out, 'robots.txt.gz'))).equals(await readFile(join(out, 'robots.txt')))).toBe(true)
    await expectWritten(out, expected(result.static!), result.release)
  })
})

describe('encodeStaticManifest', () => {
  const integrity = `sha384-${'A'.repeat(64)}`
  const text = (parts: Buffer[]) => Buffer.concat(parts).toString()
  const reference = (input: StaticManifestInput) => stableStringify(createManifest({ ...input, entries: [] }))

  it('writes what JSON.stringify writes for names it escapes, sizes of every length, and records across many buffers', () => {
    const names = ['q"uote', 'back\\slash', 'control\u0001\u001f', 'del\u007f', 'lone \ud800 surrogate', 'pair \u{1F600}', 'é', '0', '4294967294', '__proto__', 'x'.repeat(300_000), '\u0001'.repeat(50_000)]
    for (let index = 0; index < 5000; index++) names.push(`css/${index.toString(36)}/${'n'.repeat(index % 97)}.css`)
    const sizes = [0, 9, 10, 99, 100, 123_456_789, 2 ** 53 - 1, 2 ** 53 + 2, 1e21]
    // A path may hold anything a name may, but a backslash.
    const output = (name: string, index: number) => `out/${index}/${name.replaceAll('\\', '/')}`
    const assets = new Map(names.map((name, index) => [name, output(name, index)]))
    const files = new Map(names.map((name, index) => [output(name, index), { integrity, size: sizes[index % sizes.length]! }]))
    for (const release of [undefined, 'r1']) {
      const input = { base: '/static/', pinnedBase: release && '/pinned/', release, assets, files }
      const encoded = encodeStaticManifest(input)!
      expect(encoded.parts.length).toBeGreaterThan(3)
      expect(text(encoded.parts)).toBe(reference(input))
      expect(encoded.release).toBe(JSON.parse(reference(input)).release)
    }
  })

  it.each([
    ['an asset naming a file not in files', { assets: new Map([['app.js', 'gone.js']]) }, 'assets["app.js"] names "gone.js", which "files" does not list'],
    ['a file outside the output dir', { assets: new Map([['up.js', '../up.js']]), files: new Map([['../up.js', { integrity, size: 1 }]]) }, 'files["../up.js"]: the path must stay inside the output dir'],
    ['a size that is not a whole number', { files: new Map([['a.js', { integrity, size: 1.5 }]]) }, 'files["a.js"].size must be a whole number of bytes'],
    ['an integrity that is not SRI', { files: new Map([['a.js', { integrity: 'md5-xyz', size: 1 }]]) }, 'files["a.js"].integrity must be an SRI hash'],
  ])('leaves %s to createManifest, which refuses it with MANIFEST_INVALID', (_, change, message) => {
    const input = { base: '/', pinnedBase: undefined, release: undefined, assets: new Map<string, string>(), files: new Map(), ...change }
    expect(encodeStaticManifest(input)).toBeUndefined()
    const error = thrown(() => createManifest({ ...input, entries: [] }))
    expect(error.code).toBe('MANIFEST_INVALID')
    expect(error.message).toContain(message)
  })
})
