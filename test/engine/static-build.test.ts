import { spawnSync } from 'node:child_process'
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it, beforeAll } from 'vitest'
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping'
import { AssetmapError } from '@assetmap/runtime'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { buildStatic } from '../../packages/engine/src/pipeline/buildStatic.ts'
import type { StaticBuildResult } from '../../packages/engine/src/plan/staticOptions.ts'
import { fixture, outputDir, repoRoot } from '../helpers/paths.ts'

const site = fixture('static-site')

async function build(dir: string, extra: Partial<Parameters<typeof buildStatic>[0]> = {}) {
  const outDir = await outputDir('static')
  const warnings: string[] = []
  const result = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: (m) => warnings.push(m), ...extra })
  return { outDir, result, warnings }
}

async function copyOfSite(): Promise<string> {
  const dir = await outputDir('static-src')
  await cp(site, dir, { recursive: true })
  return dir
}

describe('buildStatic on a tree of edge cases', () => {
  let outDir: string
  let result: StaticBuildResult
  let warnings: string[]
  const read = (name: string) => readFile(join(outDir, result.assets.get(name)!), 'utf8')

  beforeAll(async () => {
    ;({ outDir, result, warnings } = await build(site))
  })

  it('names every file prefix + path with a 12-hex content hash, skipping dotfiles', () => {
    expect([...result.assets.keys()].sort()).toEqual([
      'binary.bin', 'css/base.css', 'css/cycle-a.css', 'css/cycle-b.css', 'css/latin1.css', 'css/layered.css', 'css/print.css', 'css/site.css', 'css/site.css.map',
      'favicon.ico', 'fonts/icons.eot', 'fonts/icons.woff2', 'img/fünke.svg', 'img/logo.png', 'img/with space.png', 'js/app.js', 'js/broken.js', 'js/lazy.js', 'js/util.js', 'robots.txt',
    ])
    expect(result.assets.get('css/site.css')).toMatch(/^css\/site\.[0-9a-f]{12}\.css$/)
    expect(result.assets.get('img/with space.png')).toMatch(/^img\/with space\.[0-9a-f]{12}\.png$/)
  })

  it('rewrites CSS references, keeping relative paths relative and leaving the rest exactly as written', async () => {
    const css = await read('css/site.css')
    const logo = result.assets.get('img/logo.png')!.slice('img/'.length)
    const base = result.assets.get('css/base.css')!.slice('css/'.length)
    const layered = result.assets.get('css/layered.css')!.slice('css/'.length)
    const print = result.assets.get('css/print.css')!.slice('css/'.length)
    const space = result.assets.get('img/with space.png')!.slice('img/'.length).replace(' ', '%20')
    const eot = result.assets.get('fonts/icons.eot')!.slice('fonts/'.length)
    const woff2 = result.assets.get('fonts/icons.woff2')!.slice('fonts/'.length)
    const funke = result.assets.get('img/fünke.svg')!.slice('img/'.length)
    const map = result.assets.get('css/site.css.map')!.slice('css/'.length)
    for (const line of [
      `@import "${base}";`,
      `@import '${print}' print;`,
      `@import url(${layered}) layer(base) supports(display: grid) screen and (min-width: 40em);`,
      '/* url(commented.png) and @import "commented.css" are not references */',
      `.a { background: url(../img/${logo}); }`,
      `.b { background: url( "../img/${logo}" ); }`,
      `.c { background: url('../img/${logo}#frag'); }`,
      `.d { background: url(/static/img/${logo}?v=1); }`,
      '.e { background: url(/elsewhere/img/logo.png); }',
      '.f { background: url(https://cdn.example.com/x.png), url(//host.example.com/y.png); }',
      ".g { background: url(data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'><rect fill='url(%23g)'/></svg>); }",
      `.h { background: url("data:image/svg+xml,<svg><use href='url(#x)'/></svg>"); }`,
      '.i { filter: url(#svg-filter); mask: url(%23mask); }',
      '.j { background: url(); content: "url(../img/logo.png)"; }',
      `.k { background-image: image-set("../img/${logo}" 1x, url(../img/${space}) 2x); }`,
      '.l { background: url(../img/missing.png); }',
      `.m { background: url("../img/${funke}"); }`,
      `  src: url('../fonts/${eot}?#iefix') format('embedded-opentype'), url("../fonts/${woff2}") format("woff2");`,
      `/*# sourceMappingURL=${map} */`,
    ]) {
      expect(css.split('\n')).toContain(line)
    }
  })

  it('rewrites ES-module specifiers found by the lexer, and nothing in strings or comments', async () => {
    const js = await read('js/app.js')
    const util = result.assets.get('js/util.js')!.slice('js/'.length)
    const lazy = result.assets.get('js/lazy.js')!.slice('js/'.length)
    expect(js).toContain(`import { util } from './${util}'`)
    expect(js).toContain(`export { util as again } from "./${util}"`)
    expect(js).toContain(`import '/static/js/${util}'`)
    expect(js).toContain(`import('./${lazy}')`)
    expect(js).toContain("import 'lodash'")
    expect(js).toContain("// import './commented.js'")
    expect(js).toContain(`const text = "import('./in-string.js')"`)
    expect(js).toContain("/* export * from './in-block-comment.js' */")
  })

  it('leaves a source-map comment whose map is missing exactly as written, and warns', async () => {
    expect((await read('js/app.js')).endsWith('\n//# sourceMappingURL=app.js.map\n')).toBe(true)
    expect(warnings).toContain('js/app.js: source map "app.js.map" does not exist (js/app.js.map); left as written.')
  })

  it('warns about a missing file naming both files, and about files it cannot parse', () => {
    expect(warnings).toContain('css/site.css: "../img/missing.png" points at img/missing.png, which is not in the static dirs; left as written.')
    expect(warnings.some((w) => w.startsWith('js/broken.js: cannot be parsed as JavaScript'))).toBe(true)
    expect(warnings).toContain('css/latin1.css: not valid UTF-8; copied unchanged, references not rewritten.')
  })

  it('passes binary, non-UTF-8 and unparsable files through byte for byte', async () => {
    for (const name of ['binary.bin', 'css/latin1.css', 'js/broken.js', 'img/logo.png']) {
      expect(Buffer.compare(await readFile(join(outDir, result.assets.get(name)!)), await readFile(join(site, name))), name).toBe(0)
    }
  })

  it('gives a reference cycle one group hash', () => {
    const a = result.assets.get('css/cycle-a.css')!.match(/\.([0-9a-f]{12})\.css$/)![1]
    const b = result.assets.get('css/cycle-b.css')!.match(/\.([0-9a-f]{12})\.css$/)![1]
    expect(a).toBe(b)
  })

  it('rewrites each cycle member to the other hashed member', async () => {
    expect(await read('css/cycle-a.css')).toContain(`@import "${result.assets.get('css/cycle-b.css')!.slice(4)}"`)
    expect(await read('css/cycle-b.css')).toContain(`@import "${result.assets.get('css/cycle-a.css')!.slice(4)}"`)
  })

  it('keeps the source map of a rewritten file valid', async () => {
    const css = await read('css/site.css')
    const map = new TraceMap(await read('css/site.css.map'))
    const lines = css.split('\n')
    // Line 6 (.a { background: url(…) }): "background" starts at column 5 and maps to line 6, column 3 of site.scss.
    const line6 = lines[5]!
    expect(originalPositionFor(map, { line: 6, column: line6.indexOf('background') })).toMatchObject({ source: 'site.scss', line: 6, column: 3 })
    expect(originalPositionFor(map, { line: 6, column: line6.indexOf('url(') + 4 })).toMatchObject({ source: 'site.scss', line: 6, column: 15 })
  })

  it('keeps the originals beside the hashed files unless told not to', async () => {
    expect(await readFile(join(outDir, 'robots.txt'), 'utf8')).toBe('User-agent: *\n')
    expect(await readFile(join(outDir, 'css/site.css'), 'utf8')).toBe(await readFile(join(outDir, result.assets.get('css/site.css')!), 'utf8'))
    const { outDir: bare } = await build(site, { keepOriginals: false })
    await expect(stat(join(bare, 'robots.txt'))).rejects.toThrow()
  })

  it('rewrites a hashed file a crash cut short, and leaves complete ones alone', async () => {
    const out = await outputDir('static-crash')
    const first = await buildStatic({ dirs: [site], root: '/', outDir: out, onWarning: () => {} })
    const css = join(out, first.assets.get('css/site.css')!)
    const png = join(out, first.assets.get('img/logo.png')!)
    const full = await readFile(css)
    await writeFile(css, full.subarray(0, 10))
    // What a build stopped halfway leaves: it removes the build cache before writing its first file.
    await rm(join(out, '.assetmap/cache.json'))
    const before = (await stat(png)).mtimeMs
    await new Promise((resolve) => setTimeout(resolve, 20))
    await buildStatic({ dirs: [site], root: '/', outDir: out, onWarning: () => {} })
    expect(Buffer.compare(await readFile(css), full)).toBe(0)
    expect((await stat(png)).mtimeMs).toBe(before)
  })

  it('leaves no temp file behind', async () => {
    const all = await readdir(outDir, { recursive: true })
    expect(all.filter((path) => path.endsWith('.tmp'))).toEqual([])
  })

  it('is deterministic', async () => {
    const again = await build(site)
    expect([...again.result.assets]).toEqual([...result.assets])
  })
})

describe('non-ASCII text before the references', () => {
  it('rewrites at the right place and keeps the source map valid', async () => {
    const { outDir, result } = await build(fixture('static-intl'))
    const css = await readFile(join(outDir, result.assets.get('css/intl.css')!), 'utf8')
    const logo = result.assets.get('img/logo.png')!.slice('img/'.length)
    const line2 = `.a { background: url(../img/${logo}); color: red; }`
    expect(css.split('\n')[1]).toBe(line2)
    // intl.css.map maps every column to the same column of intl.scss: each token, before and after the inserted hash, still leads to its own column.
    const map = new TraceMap(await readFile(join(outDir, result.assets.get('css/intl.css.map')!), 'utf8'))
    const original = '.a { background: url(../img/logo.png); color: red; }'
    for (const word of ['background', 'url(', 'logo', '.png', ');', 'color', 'red']) {
      expect(originalPositionFor(map, { line: 2, column: line2.indexOf(word) }), word).toMatchObject({ source: 'intl.scss', line: 2, column: original.indexOf(word) })
    }
  })
})

describe('hashes come from final bytes', () => {
  it('changing an image changes the CSS that uses it and the CSS that @imports that CSS, nothing else', async () => {
    const dir = await copyOfSite()
    const before = (await build(dir)).result.assets
    const logo = await readFile(join(dir, 'img/logo.png'))
    await writeFile(join(dir, 'img/logo.png'), Buffer.concat([logo, Buffer.from([0])]))
    const after = (await build(dir)).result.assets
    const changed = [...before.keys()].filter((name) => before.get(name) !== after.get(name)).sort()
    expect(changed).toEqual(['css/base.css', 'css/cycle-a.css', 'css/cycle-b.css', 'css/print.css', 'css/site.css', 'img/logo.png'])
  })
})

describe('source-map comments of scripts', () => {
  it('rewrites the comment on the first line followed by code, and one followed by trailing whitespace', async () => {
    const dir = await outputDir('static-maps-src')
    const map = '{"version":3,"sources":["x.ts"],"names":[],"mappings":"AAAA"}'
    // As in Django's own fixtures: the comment first, code after it.
    await writeFile(join(dir, 'first.js'), '//# sourceMappingURL=first.js.map\nlet a = 1;\n')
    await writeFile(join(dir, 'trailing.js'), 'let b = 2;\n//# sourceMappingURL=trailing.js.map \t\n\n  \n')
    await writeFile(join(dir, 'crlf.js'), 'let c = 3;\r\n//# sourceMappingURL=crlf.js.map\r\n')
    for (const name of ['first', 'trailing', 'crlf']) await writeFile(join(dir, `${name}.js.map`), map)
    const { outDir, result, warnings } = await build(dir)
    expect(warnings).toEqual([])
    for (const name of ['first', 'trailing', 'crlf']) {
      const hashed = result.assets.get(`${name}.js.map`)!
      expect(hashed).toMatch(new RegExp(`^${name}\\.js\\.[0-9a-f]{12}\\.map$`))
      expect(await readFile(join(outDir, result.assets.get(`${name}.js`)!), 'utf8'), name).toContain(`//# sourceMappingURL=${hashed}`)
    }
  })
})

describe('firstWins: Django-style overrides', () => {
  async function projectAndApp() {
    const project = await outputDir('static-project')
    const app = await outputDir('static-app')
    await mkdir(join(project, 'admin/css'), { recursive: true })
    await mkdir(join(app, 'admin/css'), { recursive: true })
    await mkdir(join(app, 'admin/img'), { recursive: true })
    await writeFile(join(project, 'admin/css/base.css'), '.ours { background: url(../img/icon.png); }\n')
    await writeFile(join(app, 'admin/css/base.css'), '.theirs {}\n')
    await writeFile(join(app, 'admin/css/forms.css'), '@import "base.css";\n')
    await writeFile(join(app, 'admin/img/icon.png'), 'icon')
    return { project, app }
  }

  it('uses the earlier dir\'s file, lists the one it hides, and points references at the winner', async () => {
    const { project, app } = await projectAndApp()
    const { outDir, result, warnings } = await build(project, { dirs: [project, app], firstWins: true })
    expect(warnings).toEqual([])
    expect(result.shadowed).toEqual([{ name: 'admin/css/base.css', kept: join(project, 'admin/css/base.css'), shadowed: join(app, 'admin/css/base.css') }])
    const base = result.assets.get('admin/css/base.css')!
    expect(await readFile(join(outDir, base), 'utf8')).toBe(`.ours { background: url(../img/${result.assets.get('admin/img/icon.png')!.slice('admin/img/'.length)}); }\n`)
    expect(await readFile(join(outDir, result.assets.get('admin/css/forms.css')!), 'utf8')).toBe(`@import "${base.slice('admin/css/'.length)}";\n`)
    expect(await readFile(join(outDir, 'admin/css/base.css'), 'utf8')).toBe(await readFile(join(outDir, base), 'utf8'))
  })

  it('stays an error by default, and the CLI takes --first-wins and lists the shadowed file', async () => {
    const { project, app } = await projectAndApp()
    const error = await build(project, { dirs: [project, app] }).catch((e: unknown) => e)
    expect((error as AssetmapError).code).toBe('DUPLICATE_NAME')
    expect((error as AssetmapError).message).toContain("let the first dir win (firstWins: the plugin's staticFirstWins, the CLI's --first-wins)")
    const bin = join(repoRoot, 'packages/cli/dist/bin.js')
    const out = await outputDir('static-first-wins-cli')
    const text = spawnSync(process.execPath, [bin, 'build', project, app, '--out', out, '--first-wins'], { encoding: 'utf8' })
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(`shadowed admin/css/base.css: ${join(app, 'admin/css/base.css')} (an earlier folder has it)`)
    const json = spawnSync(process.execPath, [bin, 'build', project, app, '--out', out, '--first-wins', '--json'], { encoding: 'utf8' })
    expect(JSON.parse(json.stdout).shadowed).toEqual([{ name: 'admin/css/base.css', kept: join(project, 'admin/css/base.css'), shadowed: join(app, 'admin/css/base.css') }])
  })
})

describe('strict mode and bad input', () => {
  it('refuses a file name with a backslash before writing anything, naming the file', async () => {
    const dir = await copyOfSite()
    await writeFile(join(dir, 'img', 'back\\slash.png'), 'x')
    const outDir = await outputDir('static-backslash')
    const error = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: () => {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AssetmapError)
    expect((error as AssetmapError).code).toBe('INVALID_OPTION')
    expect((error as AssetmapError).message).toContain(join(dir, 'img', 'back\\slash.png'))
    expect(await readdir(outDir)).toEqual([])
  })


  it('fails listing every broken reference', async () => {
    const error = await build(site, { strict: true }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AssetmapError)
    expect((error as AssetmapError).code).toBe('BROKEN_REFERENCE')
    expect((error as AssetmapError).message).toContain('css/site.css → ../img/missing.png')
    expect((error as AssetmapError).message).toContain('js/app.js → app.js.map (missing source map)')
  })

  it('names both files when two map to one logical name', async () => {
    const other = await copyOfSite()
    const error = await buildStatic({ dirs: [site, other], root: '/', outDir: await outputDir('dup'), onWarning: () => {} }).catch((e: unknown) => e as AssetmapError)
    expect(error).toBeInstanceOf(AssetmapError)
    expect((error as AssetmapError).code).toBe('DUPLICATE_NAME')
    expect((error as AssetmapError).message).toContain(join(site, 'binary.bin'))
    expect((error as AssetmapError).message).toContain(join(other, 'binary.bin'))
  })

  it('puts files under a prefix, and says which folder it cannot read', async () => {
    const { result } = await build(site, { dirs: [{ dir: site, prefix: '/vendor/site/' }] })
    expect(result.assets.get('vendor/site/css/site.css')).toMatch(/^vendor\/site\/css\/site\.[0-9a-f]{12}\.css$/)
    await expect(build('/no/such/dir')).rejects.toThrow(/cannot read the folder \/no\/such\/dir/)
    await expect(build(site, { dirs: [{ dir: site, prefix: '../up' }] })).rejects.toThrow(/prefix "\.\.\/up"/)
  })
})

describe('writing the output', () => {
  const inode = async (path: string) => (await stat(path)).ino
  const filesUnder = async (dir: string) => {
    const paths = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    return new Map(await Promise.all(paths.sort().map(async (path) => [path, (await readFile(join(dir, path))).toString('base64')] as const)))
  }

  it('gives every original its hashed file, rewritten or not (a hard link): a page naming the original gets the same bytes', async () => {
    const { outDir, result } = await build(site)
    for (const name of ['robots.txt', 'img/logo.png', 'fonts/icons.woff2', 'css/latin1.css', 'css/site.css', 'js/app.js']) {
      expect(await inode(join(outDir, name)), name).toBe(await inode(join(outDir, result.assets.get(name)!)))
    }
    const css = await readFile(join(outDir, 'css/site.css'), 'utf8')
    expect(css).not.toBe(await readFile(join(site, 'css/site.css'), 'utf8'))
    expect(css).toContain(result.assets.get('img/logo.png')!.slice('img/'.length))
  })

  it('writes files of several megabytes byte for byte, rewriting references at their end, past what stays in memory', async () => {
    const dir = await outputDir('static-large-src')
    await mkdir(join(dir, 'img'), { recursive: true })
    await mkdir(join(dir, 'css'), { recursive: true })
    // An image past the copy's chunk, and more CSS than the build keeps in memory (the last files
    // are read again when rewritten); content that no buffer size divides evenly.
    const image = Buffer.alloc(2_500_003)
    for (let i = 0; i < image.length; i++) image[i] = (i * 7919) % 251
    const rule = '.icon { background: url(../img/huge.png); }\n'
    const sheets = Array.from({ length: 6 }, (_, i) => `/* ${String(i).repeat(1_700_001)} */\n${rule.repeat(3)}`)
    await writeFile(join(dir, 'img/huge.png'), image)
    for (const [i, css] of sheets.entries()) await writeFile(join(dir, `css/big-${i}.css`), css)
    const outDir = await outputDir('static-large')
    const result = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: () => {} })
    const png = result.assets.get('img/huge.png')!
    expect(Buffer.compare(await readFile(join(outDir, png)), image)).toBe(0)
    expect(Buffer.compare(await readFile(join(outDir, 'img/huge.png')), image)).toBe(0)
    expect(result.files.get(png)).toEqual({ size: image.length, integrity: `sha384-${createHash('sha384').update(image).digest('base64')}` })
    for (const [i, css] of sheets.entries()) {
      const written = await readFile(join(outDir, result.assets.get(`css/big-${i}.css`)!), 'utf8')
      expect(written === css.replaceAll('huge.png', png.slice('img/'.length)), `css/big-${i}.css`).toBe(true)
      expect((await readFile(join(outDir, `css/big-${i}.css`), 'utf8')) === written, `css/big-${i}.css original`).toBe(true)
    }
    expect((await readdir(outDir, { recursive: true })).filter((path) => path.endsWith('.tmp'))).toEqual([])
  })

  it('rebuilds into the same folder: a changed original is replaced, the earlier hashed file stays as it was', async () => {
    const dir = await copyOfSite()
    const outDir = await outputDir('static-rebuild')
    for (const round of [0, 1]) {
      await writeFile(join(dir, 'robots.txt'), 'User-agent: *\n')
      const first = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: () => {} })
      const again = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: () => {} })
      expect([...again.assets]).toEqual([...first.assets])
      expect(await inode(join(outDir, 'robots.txt'))).toBe(await inode(join(outDir, first.assets.get('robots.txt')!)))
      await writeFile(join(dir, 'robots.txt'), `User-agent: *\nDisallow: /private-${round}\n`)
      const changed = await buildStatic({ dirs: [dir], root: '/', outDir, onWarning: () => {} })
      expect(changed.assets.get('robots.txt')).not.toBe(first.assets.get('robots.txt'))
      expect(await readFile(join(outDir, 'robots.txt'), 'utf8')).toBe(`User-agent: *\nDisallow: /private-${round}\n`)
      expect(await readFile(join(outDir, changed.assets.get('robots.txt')!), 'utf8')).toBe(`User-agent: *\nDisallow: /private-${round}\n`)
      expect(await readFile(join(outDir, first.assets.get('robots.txt')!), 'utf8')).toBe('User-agent: *\n')
    }
    expect((await readdir(outDir, { recursive: true })).filter((path) => path.endsWith('.tmp'))).toEqual([])
  })

  it('fails with WRITE_FAILED naming the output file it cannot write', async () => {
    const outDir = await outputDir('static-unwritable')
    // A folder where the hashed robots.txt goes: the file cannot take its place.
    const hash = createHash('sha384').update(await readFile(join(site, 'robots.txt'))).digest('hex').slice(0, 12)
    const blocked = join(outDir, `robots.${hash}.txt`)
    await mkdir(join(blocked, 'inside'), { recursive: true })
    const error = await buildStatic({ dirs: [site], root: '/', outDir, onWarning: () => {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AssetmapError)
    expect((error as AssetmapError).code).toBe('WRITE_FAILED')
    expect((error as AssetmapError).message).toContain(`Cannot write ${blocked}:`)
    expect((error as AssetmapError).value).toBe(blocked)
    expect((await readdir(outDir, { recursive: true })).filter((path) => path.endsWith('.tmp'))).toEqual([])
  })
})
