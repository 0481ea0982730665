import { execFileSync, spawnSync } from 'node:child_process'
import { chmod, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AssetmapError } from '@assetmap/runtime'
// The engine's stages are internal: tests reach them in the source, not through a package entry.
import { buildStatic } from '../../packages/engine/src/pipeline/buildStatic.ts'
import { outputDir, repoRoot } from '../helpers/paths.ts'

/** A static dir with `css/site.css` naming `img/logo.png`, and a folder outside it. */
async function tree(): Promise<{ src: string; outside: string }> {
  const root = await outputDir('static-links')
  const src = join(root, 'src')
  const outside = join(root, 'outside')
  await mkdir(join(src, 'css'), { recursive: true })
  await mkdir(join(src, 'img'), { recursive: true })
  await mkdir(join(outside, 'dist/images'), { recursive: true })
  await writeFile(join(src, 'css/site.css'), '.a { background: url(../img/logo.png); }\n')
  await writeFile(join(src, 'img/logo.png'), 'logo')
  await writeFile(join(outside, 'dist/leaflet.css'), '.leaflet { background: url(images/marker.png); }\n')
  await writeFile(join(outside, 'dist/images/marker.png'), 'marker')
  await writeFile(join(outside, 'secret.txt'), 'secret')
  return { src, outside }
}

async function build(src: string, extra: Partial<Parameters<typeof buildStatic>[0]> = {}) {
  const outDir = await outputDir('static-links-out')
  const warnings: string[] = []
  const result = await buildStatic({ dirs: [src], root: '/', outDir, onWarning: (m) => warnings.push(m), ...extra })
  return { outDir, result, warnings }
}

async function failure(src: string, extra: Partial<Parameters<typeof buildStatic>[0]> = {}) {
  const outDir = await outputDir('static-links-fail')
  const error = await buildStatic({ dirs: [src], root: '/', outDir, onWarning: () => {}, ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AssetmapError)
  // Refused before anything is written.
  expect(await readdir(outDir)).toEqual([])
  return error as AssetmapError
}

describe('symbolic links in static dirs', () => {
  it('follows a link to a folder outside (a vendored package), rewrites through it, and reports the link', async () => {
    const { src, outside } = await tree()
    await mkdir(join(src, 'vendor'))
    await writeFile(join(src, 'css/map.css'), '.b { background: url(../vendor/leaflet/images/marker.png); }\n')
    await symlink(join(outside, 'dist'), join(src, 'vendor/leaflet'))
    const { outDir, result, warnings } = await build(src)
    expect([...result.assets.keys()].sort()).toEqual(['css/map.css', 'css/site.css', 'img/logo.png', 'vendor/leaflet/images/marker.png', 'vendor/leaflet/leaflet.css'])
    const marker = result.assets.get('vendor/leaflet/images/marker.png')!
    expect(await readFile(join(outDir, marker), 'utf8')).toBe('marker')
    expect(await readFile(join(outDir, result.assets.get('css/map.css')!), 'utf8')).toContain(`url(../${marker})`)
    expect(result.links).toEqual([{ name: 'vendor/leaflet', link: join(src, 'vendor/leaflet'), target: join(outside, 'dist') }])
    expect(warnings).toEqual([])
  })

  it('follows a link to a file outside and reports it; a link that stays inside is not reported', async () => {
    const { src, outside } = await tree()
    await symlink(join(outside, 'secret.txt'), join(src, 'secret.txt'))
    await symlink('../img/logo.png', join(src, 'css/logo.png'))
    const { outDir, result } = await build(src)
    expect(await readFile(join(outDir, result.assets.get('secret.txt')!), 'utf8')).toBe('secret')
    expect(await readFile(join(outDir, result.assets.get('css/logo.png')!), 'utf8')).toBe('logo')
    expect(result.links).toEqual([{ name: 'secret.txt', link: join(src, 'secret.txt'), target: join(outside, 'secret.txt') }])
  })

  it('refuses a link to a /proc file, naming the link and its target', async () => {
    const { src } = await tree()
    await symlink('/proc/self/environ', join(src, 'env.txt'))
    const error = await failure(src)
    expect(error.message).toContain(join(src, 'env.txt'))
    expect(error.message).toMatch(/\/proc\/\d+\/environ/)
    expect(error.value).toBe(join(src, 'env.txt'))
  })

  it('refuses a device and a FIFO, naming them', async () => {
    const { src } = await tree()
    await symlink('/dev/null', join(src, 'null.txt'))
    expect((await failure(src)).message).toContain(`${join(src, 'null.txt')} leads to /dev/null, a character device`)
    const fifo = await tree()
    execFileSync('mkfifo', [join(fifo.src, 'img/pipe.png')])
    expect((await failure(fifo.src)).message).toContain(`${join(fifo.src, 'img/pipe.png')} is a FIFO`)
  })

  it('warns about a dangling link, and fails on it in strict mode', async () => {
    const { src } = await tree()
    await symlink('nowhere.png', join(src, 'img/gone.png'))
    const { result, warnings } = await build(src)
    expect(result.assets.has('img/gone.png')).toBe(false)
    expect(warnings).toEqual([`img/gone.png: the link ${join(src, 'img/gone.png')} leads to ${join(src, 'img/nowhere.png')}, which does not exist; skipped.`])
    const error = await failure(src, { strict: true })
    expect(error.code).toBe('BROKEN_REFERENCE')
    expect(error.message).toContain(`img/gone.png → ${join(src, 'img/nowhere.png')} (dangling link)`)
  })

  it('stops at a link loop, naming the link', async () => {
    const { src } = await tree()
    await symlink('..', join(src, 'img/up'))
    const error = await failure(src)
    expect(error.message).toContain(`${join(src, 'img/up')} leads back to ${src}`)
    const other = await tree()
    await mkdir(join(other.src, 'a'))
    await mkdir(join(other.src, 'b'))
    await symlink('../b', join(other.src, 'a/to-b'))
    await symlink('../a', join(other.src, 'b/to-a'))
    // Named by the path the walk took to it.
    expect((await failure(other.src)).message).toContain(`${join(other.src, 'a/to-b/to-a')} leads back to ${join(other.src, 'a')},`)
  })

  it('lists followed links in the CLI summary and in --json', async () => {
    const { src, outside } = await tree()
    await symlink(join(outside, 'dist'), join(src, 'leaflet'))
    const out = await outputDir('static-links-cli')
    const bin = join(repoRoot, 'packages/cli/dist/bin.js')
    const text = spawnSync(process.execPath, [bin, 'build', src, '--out', out], { encoding: 'utf8' })
    expect(text.status).toBe(0)
    expect(text.stdout).toContain(`followed link leaflet → ${join(outside, 'dist')} (outside the static folders)`)
    const json = spawnSync(process.execPath, [bin, 'build', src, '--out', out, '--json'], { encoding: 'utf8' })
    expect(JSON.parse(json.stdout).links).toEqual([{ name: 'leaflet', link: join(src, 'leaflet'), target: join(outside, 'dist') }])
  })

  it('names the subfolder it cannot read, not the static dir', async () => {
    const { src } = await tree()
    await mkdir(join(src, 'private'))
    await writeFile(join(src, 'private/x.txt'), 'x')
    await chmod(join(src, 'private'), 0o000)
    await chmod(join(src, '..'), 0o755)
    // As root every folder is readable: walk as nobody then.
    const script = `import { buildStatic } from './packages/engine/dist/pipeline/buildStatic.js'
buildStatic({ dirs: [${JSON.stringify(src)}], root: '/', outDir: ${JSON.stringify(join(src, '..', 'out'))}, onWarning() {} }).then(() => console.log('built'), (e) => console.log(e.message))`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) })
    await chmod(join(src, 'private'), 0o755)
    expect(child.stdout).toContain(`cannot read the folder ${join(src, 'private')} (EACCES)`)
  })
})
