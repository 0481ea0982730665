import { lstatSync, readFileSync } from 'node:fs'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliDecompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { outputDir } from '../helpers/paths.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'

async function tree(): Promise<string> {
  const src = join(await outputDir('compress-rebuild-src'), 'static')
  await mkdir(join(src, 'css'), { recursive: true })
  await mkdir(join(src, 'img'), { recursive: true })
  for (let i = 0; i < 10; i++) await writeFile(join(src, `css/s${i}.css`), `.x${i} { background: url(../img/${i}.svg) }\n`.repeat(40))
  for (let i = 0; i < 10; i++) await writeFile(join(src, `img/${i}.svg`), `<svg xmlns="http://www.w3.org/2000/svg"><desc>${'image '.repeat(50)}${i}</desc></svg>`)
  await pastRacyWindow()
  return src
}

const build = (src: string, out: string) => completeBuild({ outDir: out, base: '/static/', compress: ['br', 'gzip'], static: { dirs: [src], root: '/', onWarning: () => {} } })

describe('a rebuild with precompression', () => {
  it('with nothing changed, keeps the manifest and every variant as they are', async () => {
    const src = await tree()
    const out = await outputDir('compress-rebuild-out')
    const first = await build(src, out)
    const file = first.manifest.assets['css/s3.css']!
    expect(first.manifest.files[file]!.encodings).toEqual(['br', 'gzip'])
    const [manifest, variant] = [await stat(join(out, 'assetmap.json')), await stat(join(out, `${file}.br`))]
    const again = await build(src, out)
    expect(again.static!.unchanged).toBe(true)
    expect(again.manifest).toEqual(first.manifest)
    expect((await stat(join(out, 'assetmap.json'))).mtimeMs).toBe(manifest.mtimeMs)
    expect((await stat(join(out, `${file}.br`))).mtimeMs).toBe(variant.mtimeMs)
  })

  it('writes again a variant removed by hand, and lists it', async () => {
    const src = await tree()
    const out = await outputDir('compress-rebuild-out')
    const first = await build(src, out)
    const file = first.manifest.assets['img/4.svg']!
    await rm(join(out, `${file}.br`))
    const again = await build(src, out)
    expect(again.manifest).toEqual(first.manifest)
    expect(lstatSync(join(out, `${file}.br`)).isFile()).toBe(true)
    expect(brotliDecompressSync(readFileSync(join(out, `${file}.br`)))).toEqual(readFileSync(join(out, file)))
  })

  it('after one image changed, compresses that image and what refers to it, and lists their variants', async () => {
    const src = await tree()
    const out = await outputDir('compress-rebuild-out')
    const first = await build(src, out)
    const untouched = first.manifest.assets['css/s5.css']!
    const before = await stat(join(out, `${untouched}.br`))
    await writeFile(join(src, 'img/2.svg'), `<svg xmlns="http://www.w3.org/2000/svg"><desc>${'edited '.repeat(50)}</desc></svg>`)
    const again = await build(src, out)
    for (const name of ['img/2.svg', 'css/s2.css']) {
      const path = again.manifest.assets[name]!
      expect(path).not.toBe(first.manifest.assets[name])
      expect(again.manifest.files[path]!.encodings).toEqual(['br', 'gzip'])
      expect(brotliDecompressSync(readFileSync(join(out, `${path}.br`)))).toEqual(readFileSync(join(out, path)))
    }
    expect((await stat(join(out, `${untouched}.br`))).mtimeMs).toBe(before.mtimeMs)
  })
})
