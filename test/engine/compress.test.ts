import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
// Internal stages; compressFiles from the build, since its workers run the compiled worker file.
import { compressFiles } from '../../packages/engine/dist/compress/compressFiles.js'
import { isCompressible } from '../../packages/engine/src/compress/isCompressible.ts'
import { isEncodingSupported, resolveEncodings, supportedEncodings } from '../../packages/engine/src/compress/encodings.ts'
import { compressCommand } from '@assetmap/cli'
import { fixture, listOutput, outputDir, readManifest, repoRoot } from '../helpers/paths.ts'
import { buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'

const bin = join(repoRoot, 'packages/cli/dist/bin.js')

function assetmap(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A copy of the served fixture plus a duplicate of its CSS, to compress in place. */
async function workCopy(label: string): Promise<string> {
  const dir = await outputDir(label)
  cpSync(fixture('served'), dir, { recursive: true })
  cpSync(join(dir, 'css/app.css'), join(dir, 'css/copy.css'))
  return dir
}

const decode = { br: brotliDecompressSync, gzip: gunzipSync }

describe('compressFiles', () => {
  let dir: string
  let paths: string[]

  beforeAll(async () => {
    dir = await workCopy('compress')
    paths = await listOutput(dir)
  })

  it('writes br and gzip variants that decode to the file, only where they save at least 5%', async () => {
    const result = await compressFiles({ dir, paths, encodings: ['br', 'gzip'] })
    expect(new Set(result.encodings.keys())).toEqual(new Set(['css/app.css', 'css/copy.css', 'js/app.js', 'js/greet.js']))
    for (const [path, encodings] of result.encodings) {
      expect(encodings, path).toEqual(['br', 'gzip'])
      const original = readFileSync(join(dir, path))
      for (const encoding of encodings) {
        const variant = readFileSync(join(dir, `${path}.${encoding === 'br' ? 'br' : 'gz'}`))
        expect(variant.byteLength, path).toBeLessThanOrEqual(original.byteLength * 0.95)
        expect(decode[encoding](variant).equals(original), path).toBe(true)
      }
    }
    // PNG is never tried; files of a few bytes do not shrink.
    expect(existsSync(join(dir, 'img/dot.png.gz'))).toBe(false)
    expect(existsSync(join(dir, 'data/tiny.txt.gz'))).toBe(false)
    expect(existsSync(join(dir, 'robots.txt.br'))).toBe(false)
    expect(result.files).toBe(paths.length - 1)
    expect(result.variantBytes.br).toBeLessThan(result.variantBytes.gzip!)
  })

  it('gives the same bytes on worker threads and in the calling thread', async () => {
    const other = await workCopy('compress-inline')
    await compressFiles({ dir: other, paths, encodings: ['br', 'gzip'], workers: 0 })
    for (const path of ['css/app.css.br', 'js/app.js.gz']) expect(readFileSync(join(other, path)).equals(readFileSync(join(dir, path))), path).toBe(true)
  })

  it('reuses variants that still decode to their file, and replaces or removes those that do not', async () => {
    const variant = join(dir, 'js/app.js.br')
    const before = statSync(variant).mtimeMs
    await compressFiles({ dir, paths, encodings: ['br', 'gzip'] })
    expect(statSync(variant).mtimeMs).toBe(before)
    writeFileSync(join(dir, 'js/app.js'), 'export const changed = "yes, changed, changed, changed, changed, changed"\n')
    await compressFiles({ dir, paths, encodings: ['br', 'gzip'] })
    expect(brotliDecompressSync(readFileSync(variant)).toString()).toContain('changed')
    // Now bytes that do not compress: a variant would not pay, so the stale one must go.
    expect(existsSync(join(dir, 'js/greet.js.br'))).toBe(true)
    writeFileSync(join(dir, 'js/greet.js'), randomBytes(300))
    const result = await compressFiles({ dir, paths, encodings: ['br', 'gzip'] })
    expect(result.encodings.has('js/greet.js')).toBe(false)
    expect(existsSync(join(dir, 'js/greet.js.br'))).toBe(false)
    expect(existsSync(join(dir, 'js/greet.js.gz'))).toBe(false)
  })

  it('works from a process started with Node flags the workers cannot take (node --input-type=module -e)', async () => {
    const dir = await outputDir('compress-flags')
    writeFileSync(join(dir, 'site.css'), 'body { color: red }\n'.repeat(50))
    const script = `import { compressOutput } from '@assetmap/engine'; await compressOutput({ dir: ${JSON.stringify(dir)}, encodings: ['gzip'] })`
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    expect(gunzipSync(readFileSync(join(dir, 'site.css.gz'))).toString()).toBe(readFileSync(join(dir, 'site.css'), 'utf8'))
  })

  it('names the file it cannot read', async () => {
    await expect(compressFiles({ dir, paths: ['css/gone.css'], encodings: ['gzip'] })).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      message: expect.stringContaining(join(dir, 'css/gone.css')),
    })
  })

  it('knows which formats are compressed already and which encodings this Node writes', () => {
    expect(['a.png', 'a.WOFF2', 'a.webp', 'a.mp4', 'a.gz', 'a.zip'].filter(isCompressible)).toEqual([])
    expect(['a.svg', 'a.css', 'a.js', 'a.ttf', 'a.ico', 'a.json', 'a'].every(isCompressible)).toBe(true)
    expect(supportedEncodings()).toEqual(isEncodingSupported('zstd') ? ['br', 'zstd', 'gzip'] : ['br', 'gzip'])
    expect(resolveEncodings('gzip, br,gzip')).toEqual(['gzip', 'br'])
    expect(() => resolveEncodings(['deflate'])).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', value: 'deflate' }))
    if (!isEncodingSupported('zstd')) expect(() => resolveEncodings('zstd')).toThrow(/zstd needs Node 22.15/)
  })
})

describe('assetmap build --compress and assetmap compress', () => {
  it('compresses the hashed files and lists their variants in the manifest, leaving unhashed originals alone', async () => {
    const out = await outputDir('cli-compress')
    const run = assetmap('build', fixture('served'), '--out', out, '--compress', 'br,gzip', '--json')
    expect(run.code, run.stderr).toBe(0)
    const manifest = await readManifest(out)
    const css = manifest.assets['css/app.css']!
    expect(manifest.files[css]!.encodings).toEqual(['br', 'gzip'])
    expect(manifest.files[manifest.assets['img/dot.png']!]!.encodings).toBeUndefined()
    expect(existsSync(join(out, `${css}.br`))).toBe(true)
    expect(existsSync(join(out, 'css/app.css'))).toBe(true)
    expect(existsSync(join(out, 'css/app.css.br'))).toBe(false)
  })

  it('compresses an existing build in place and rewrites its manifest (same release) to list the variants', async () => {
    const out = await outputDir('cli-compress-later')
    expect(assetmap('build', fixture('served'), '--out', out, '--release', 'r7').code).toBe(0)
    const run = assetmap('compress', out, '--encodings', 'gzip', '--json')
    expect(run.code, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout)
    // Hashed and original copies of app.css, app.js and greet.js (the two JS files differ once rewritten).
    expect(summary).toMatchObject({ manifest: join(out, 'assetmap.json'), variants: 6 })
    const manifest = await readManifest(out)
    expect(manifest.release).toBe('r7')
    expect(manifest.files[manifest.assets['js/app.js']!]!.encodings).toEqual(['gzip'])
    expect(JSON.parse(readFileSync(join(out, '.assetmap/releases/r7.json'), 'utf8'))).toEqual(manifest)
  })

  it('compresses a folder with no manifest, and rejects an unknown encoding as bad usage', async () => {
    const dir = await workCopy('cli-compress-plain')
    const run = assetmap('compress', dir)
    expect(run.code, run.stderr).toBe(0)
    // app.css, its copy, app.js and greet.js get br and gzip; robots.txt and tiny.txt are too small to gain; PNG is not tried.
    expect(run.stdout).toMatch(/^8 variants of 6 files/)
    expect(existsSync(join(dir, 'css/app.css.gz'))).toBe(true)
    const bad = assetmap('compress', dir, '--encodings', 'deflate')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('Unknown compression "deflate"')
  })
})

describe('plugin option compress', () => {
  it('precompresses a Vite build and lists the variants before the manifest is written', async () => {
    const out = await outputDir('vite-compress')
    await buildWithVite(fixture('app'), out, { compress: ['br', 'gzip'], static: [{ dir: '../served', prefix: 'served' }] })
    const manifest = await readManifest(out)
    const main = manifest.entries['src/main.js']!.js[0]!
    expect(manifest.files[main]!.encodings).toEqual(['br', 'gzip'])
    expect(brotliDecompressSync(readFileSync(join(out, `${main}.br`))).equals(readFileSync(join(out, main)))).toBe(true)
    expect(manifest.files[manifest.assets['served/css/app.css']!]!.encodings).toEqual(['br', 'gzip'])
    const manifestTime = statSync(join(out, 'assetmap.json')).mtimeMs
    for (const [path, file] of Object.entries(manifest.files)) {
      for (const encoding of file.encodings ?? []) expect(statSync(join(out, `${path}.${encoding === 'br' ? 'br' : 'gz'}`)).mtimeMs).toBeLessThanOrEqual(manifestTime)
    }
  })

  it('precompresses a webpack build', async () => {
    const out = await outputDir('webpack-compress')
    await buildWithWebpack(fixture('app'), out, { compress: true })
    const manifest = await readManifest(out)
    const compressed = Object.entries(manifest.files).filter(([, file]) => file.encodings)
    expect(compressed.length).toBeGreaterThan(0)
    for (const [path, file] of compressed) {
      for (const encoding of file.encodings!) {
        expect(supportedEncodings()).toContain(encoding)
        if (encoding === 'zstd') continue
        expect(decode[encoding](readFileSync(join(out, `${path}.${encoding === 'br' ? 'br' : 'gz'}`))).equals(readFileSync(join(out, path))), path).toBe(true)
      }
    }
  })
})

describe('a rebuild next to precompressed files (issue 12)', () => {
  /** A writable copy of the served fixture to build from. */
  async function source(label: string): Promise<{ src: string; out: string }> {
    const root = await outputDir(label)
    const src = join(root, 'src')
    cpSync(fixture('served'), src, { recursive: true })
    return { src, out: join(root, 'out') }
  }

  it('never leaves a variant of the old content beside a file the build rewrote', async () => {
    const { src, out } = await source('stale-variants')
    expect(assetmap('build', src, '--out', out).code).toBe(0)
    expect(assetmap('compress', out, '--encodings', 'br,gzip').code).toBe(0)
    expect(existsSync(join(out, 'css/app.css.br'))).toBe(true)
    writeFileSync(join(src, 'css/app.css'), `${readFileSync(join(src, 'css/app.css'), 'utf8')}\n.changed { color: red }\n`)
    const run = assetmap('build', src, '--out', out)
    expect(run.code, run.stderr).toBe(0)
    const current = readFileSync(join(out, 'css/app.css'))
    expect(current.toString()).toContain('.changed')
    for (const encoding of ['br', 'gzip'] as const) {
      const variant = join(out, `css/app.css.${encoding === 'br' ? 'br' : 'gz'}`)
      if (existsSync(variant)) expect(decode[encoding](readFileSync(variant)).toString(), variant).toBe(current.toString())
    }
  })

  it('does not roll back a manifest that a newer build wrote while compress ran', async () => {
    const { src, out } = await source('compress-race')
    expect(assetmap('build', src, '--out', out, '--release', 'v1').code).toBe(0)
    writeFileSync(join(src, 'css/app.css'), `${readFileSync(join(src, 'css/app.css'), 'utf8')}\n.v2 { color: blue }\n`)
    let built = false
    const summary = await compressCommand({
      dir: out,
      encodings: ['gzip'],
      // Build v2 to completion, in a real process, once compress has compressed every file but before it touches the manifest.
      onProgress: (done, total) => {
        if (done < total || built) return
        built = true
        const run = assetmap('build', src, '--out', out, '--release', 'v2')
        expect(run.code, run.stderr).toBe(0)
      },
    })
    expect(built).toBe(true)
    const manifest = await readManifest(out)
    expect(manifest.release).toBe('v2')
    expect(readFileSync(join(out, manifest.assets['css/app.css']!), 'utf8')).toContain('.v2')
    expect(summary.manifestChanged).toBe(true)
    // Files both builds share keep the variants compress wrote; every listed variant decodes to its file.
    expect(manifest.files[manifest.assets['js/greet.js']!]!.encodings).toEqual(['gzip'])
    for (const [path, file] of Object.entries(manifest.files)) {
      for (const encoding of file.encodings ?? []) expect(gunzipSync(readFileSync(join(out, `${path}.gz`))).equals(readFileSync(join(out, path))), path).toBe(true)
    }
  })
})
