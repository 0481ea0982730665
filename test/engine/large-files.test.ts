import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { AssetmapError } from '@assetmap/runtime'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { buildStatic } from '../../packages/engine/src/pipeline/buildStatic.ts'
import { outputDir } from '../helpers/paths.ts'

/** Stylesheets of many megabytes in all (once the budget of what the engine kept in memory, 8 MiB): every rewritten file is read again to be written. */
const STYLESHEETS = 18
const SIZE = 512 * 1024
/** Scripts, read after the stylesheets. */
const SCRIPTS = 24
const SCRIPT_SIZE = 32 * 1024

/** About `size` bytes of filler lines, different in each file, so that a byte taken from the wrong file shows. */
function filler(seed: number, size: number, line: (seed: number, n: number) => string): string {
  const lines: string[] = []
  for (let n = 0, length = 0; length < size; n++) {
    const text = line(seed, n)
    lines.push(text)
    length += text.length + 1
  }
  return `${lines.join('\n')}\n`
}

/**
 * A tree of large CSS and JS files that refer to each other (a chain of imports, a cycle, images),
 * and a script that names its own source map, which is recomposed with it.
 */
async function largeTree(): Promise<string> {
  const dir = await large('large-src')
  await mkdir(join(dir, 'css'), { recursive: true })
  await mkdir(join(dir, 'js'), { recursive: true })
  await mkdir(join(dir, 'img'), { recursive: true })
  await writeFile(join(dir, 'img/a.png'), Buffer.from('not really a png'))
  for (let i = 0; i < STYLESHEETS; i++) {
    const imports = i > 0 ? `@import "css-${i - 1}.css";\n` : '@import "css-last.css";\n'
    await writeFile(join(dir, `css/css-${i}.css`), `${imports}.a${i} { background: url(../img/a.png); }\n${filler(i, SIZE, (s, n) => `.p-${s}-${n} { margin: ${n % 7}px; }`)}`)
  }
  for (let i = 0; i < SCRIPTS; i++) {
    const from = i > 0 ? `import { v as w } from './js-${i - 1}.js'\n` : `const w = 0\n`
    await writeFile(join(dir, `js/js-${i}.js`), `${from}export const v = w + ${i}\n${filler(i, SCRIPT_SIZE, (s, n) => `export function f${n}() { return ${s} * ${n} }`)}`)
  }
  // A cycle with the first stylesheet: hashed as a group.
  await writeFile(join(dir, 'css/css-last.css'), `@import "css-0.css";\n${filler(99, SIZE, (s, n) => `.q-${s}-${n} { color: red; }`)}`)
  const app = `import { v } from './js-${SCRIPTS - 1}.js'\nconsole.log(v)\n${filler(7, SIZE * 2, (s, n) => `console.log(${s + n})`)}//# sourceMappingURL=app.js.map\n`
  await writeFile(join(dir, 'js/app.js'), app)
  // Smaller than the script: both are read again, the map while the script is in use.
  const sourcesContent = [filler(8, SIZE * 1.2, (s, n) => `console.log(${s + n} as number)`)]
  await writeFile(join(dir, 'js/app.js.map'), JSON.stringify({ version: 3, file: 'app.js', sources: ['app.ts'], sourcesContent, names: [], mappings: 'AAAA;AACA' }))
  return dir
}

/** Folders of tens of MB, removed when the tests end. */
const made: string[] = []
async function large(label: string): Promise<string> {
  const dir = await outputDir(label)
  made.push(dir)
  return dir
}

const sha384 = (bytes: Uint8Array) => createHash('sha384').update(bytes).digest()

describe('buildStatic on CSS and JS of many megabytes, read again to be rendered', () => {
  afterAll(async () => {
    await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('writes every file from its own bytes: hashed files (and the originals linked to them) as read with only the hashes inserted', async () => {
    const src = await largeTree()
    const outDir = await large('large-out')
    const result = await buildStatic({ dirs: [src], root: '/', outDir, onWarning: () => {} })
    expect(result.assets.size).toBe(STYLESHEETS + SCRIPTS + 4)
    for (const [name, output] of result.assets) {
      const source = await readFile(join(src, name))
      const hashed = await readFile(join(outDir, output))
      // docs/design.md invariant 1: the name's hash covers the final bytes (a cycle shares its group's hash).
      if (!name.startsWith('css/css-0') && !name.startsWith('css/css-last')) expect(output).toContain(`.${sha384(hashed).toString('hex', 0, 6)}.`)
      expect(result.files.get(output)!.integrity).toBe(`sha384-${sha384(hashed).toString('base64')}`)
      // Compared as booleans: a deep comparison of large buffers takes minutes.
      expect((await readFile(join(outDir, name))).equals(hashed), `original of ${name}`).toBe(true)
      if (name === 'js/app.js.map') continue
      const hashes = /\.[0-9a-f]{12}(?=\.(css|js|png|map)\b)/g
      expect(hashed.toString('latin1').replace(hashes, '') === source.toString('latin1'), `hashed ${name} without its inserted hashes`).toBe(true)
    }
    const app = await readFile(join(outDir, result.assets.get('js/app.js')!), 'utf8')
    expect(app).toContain(`from './${result.assets.get(`js/js-${SCRIPTS - 1}.js`)!.slice(3)}'`)
    expect(app).toContain(`sourceMappingURL=${result.assets.get('js/app.js.map')!.slice(3)}`)
    const map = JSON.parse(await readFile(join(outDir, result.assets.get('js/app.js.map')!), 'utf8')) as { sources: string[]; file: string }
    expect(map).toMatchObject({ file: 'app.js', sources: ['app.ts'] })
  })

  it('writes stylesheets larger than the buffer a reader keeps (8 MiB) from their own bytes, the first read before the others, the last after them', async () => {
    const src = await large('huge-src')
    await mkdir(join(src, 'css'), { recursive: true })
    await writeFile(join(src, 'a.png'), Buffer.from('not really a png'))
    await writeFile(join(src, 'css/small.css'), '.s { background: url(../a.png); }\n')
    // A reference every 1,000 lines, different filler in each: a byte from the wrong buffer shows.
    const huge = (seed: number) => `@import "small.css";\n${filler(seed, 9 * 1024 * 1024, (s, n) => (n % 1000 === 0 ? `.r-${s}-${n} { background: url(../a.png); }` : `.p-${s}-${n} { margin: ${n % 7}px; }`))}`
    // Walk order: the first is read before the small file, the last after it (its buffer is the one read again into).
    await writeFile(join(src, 'css/a-first.css'), huge(1))
    await writeFile(join(src, 'css/z-last.css'), huge(2))
    const outDir = await large('huge-out')
    const result = await buildStatic({ dirs: [src], root: '/', outDir, onWarning: () => {} })
    const png = result.assets.get('a.png')!
    for (const name of ['css/a-first.css', 'css/z-last.css', 'css/small.css']) {
      const source = (await readFile(join(src, name), 'latin1')).replaceAll('../a.png', `../${png}`).replace('"small.css"', `"${result.assets.get('css/small.css')!.slice(4)}"`)
      const hashed = await readFile(join(outDir, result.assets.get(name)!))
      expect(hashed.toString('latin1') === source, `hashed ${name}: its source with the hashed names`).toBe(true)
      expect(result.files.get(result.assets.get(name)!)!.integrity).toBe(`sha384-${sha384(hashed).toString('base64')}`)
    }
  })

  it('fails, naming the file, when a file changes between scanning and writing', async () => {
    const src = await largeTree()
    const outDir = await large('large-out')
    const changed = join(src, `js/js-${SCRIPTS - 1}.js`)
    // Changed once every file is scanned: rewritten files are read again to be written.
    const onProgress = (phase: 'read' | 'write', done: number, total: number) => {
      if (phase === 'read' && done === total) writeFileSync(changed, 'export const v = 1\n')
    }
    const error = await buildStatic({ dirs: [src], root: '/', outDir, onWarning: () => {}, onProgress }).catch((thrown: unknown) => thrown)
    expect(error).toBeInstanceOf(AssetmapError)
    expect((error as AssetmapError).code).toBe('WRITE_FAILED')
    expect((error as Error).message).toContain(changed)
    expect((error as Error).message).toContain('changed while the build was running')
  })
})
