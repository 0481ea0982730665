// What a hostile review of the rebuild that changed nothing (static/unchangedBuild.ts) and of the
// output folders it trusts found: each case failed on f5ab7ab, and leaves the output as a cold
// build of the same sources would, or fails saying what to do.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstatSync } from 'node:fs'
import { cp, mkdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
// Internals, to stand in for a second build running between the probe and its re-stamp.
import { keptManifest } from '../../packages/engine/dist/outDir/manifestStamp.js'
import { probeUnchangedBuild } from '../../packages/engine/dist/plan/unchangedBuild.js'
import { fixture, outputDir, repoRoot } from '../helpers/paths.ts'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { writeCheckedCache } from '../helpers/cacheFile.ts'

const INPUTS = JSON.stringify({ base: '/static/', pinnedBase: null, release: null })

async function build(src: string, out: string, warnings: string[] = []) {
  return completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: (message) => warnings.push(message) } })
}

async function site(): Promise<{ src: string; out: string }> {
  const src = join(await outputDir('review-src'), 'static')
  await cp(fixture('static-site'), src, { recursive: true })
  return { src, out: await outputDir('review-out') }
}

/** Rewrites the stamp so that it vouches for the cache as it is now (what a stamp edited by hand, or racing, does). */
async function restampCache(out: string, edit: (stamp: Record<string, unknown>) => void = () => {}): Promise<void> {
  const path = join(out, '.assetmap/manifest-stamp.json')
  const stamp = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  const cache = await stat(join(out, '.assetmap/cache.json'))
  stamp.cache = `${cache.size}:${cache.mtimeMs}:${cache.ino}`
  edit(stamp)
  await writeFile(path, JSON.stringify(stamp))
}

describe('rebuilds under a hostile review', () => {
  it('a re-stamp after the probe must not pair a newer cache with the older manifest', async () => {
    const { src, out } = await site()
    await build(src, out) // its root folder is not settled yet: the next probe lists it and re-stamps
    const options = { dirs: [src], root: '/', outDir: out, basePath: '/static/', onWarning() {} }
    const kept = keptManifest(out, INPUTS)!
    const probe = await probeUnchangedBuild(options, kept.settled) // build A: nothing changed
    expect(probe.listed).toBeGreaterThan(0)
    // Build B: a source edited; B writes its cache, then fails before its manifest (Ctrl-C, disk full...).
    await writeFile(join(src, 'robots.txt'), 'User-agent: *\nDisallow: /b/\n')
    const coldOut = await outputDir('review-cold')
    const { release } = await completeBuild({ outDir: coldOut, base: '/static/', static: { dirs: [src], root: '/', cache: false, onWarning() {} } })
    await mkdir(join(out, '.assetmap/releases', `${release}.json`), { recursive: true })
    await expect(build(src, out)).rejects.toThrow()
    await rm(join(out, '.assetmap/releases', `${release}.json`), { recursive: true })
    // Build A goes on: completeBuild re-stamps when the probe listed folders.
    kept.restamp(probe.result!.assets.keys())
    // Build C, of the edited sources: answered from B's cache and A's manifest.
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('the release it answers is the kept manifest\'s, not whatever the stamp says', async () => {
    const { src, out } = await site()
    const first = await build(src, out)
    await restampCache(out, (stamp) => (stamp.release = '../../assetmap')) // names a file that exists
    const again = await build(src, out)
    expect(again.release).toBe(first.manifest.release)
  })

  it('a cache whose references are malformed is reported and not used, as without the fast path', async () => {
    const { src, out } = await site()
    await build(src, out)
    const cachePath = join(out, '.assetmap/cache.json')
    const cache = JSON.parse(await readFile(cachePath, 'utf8')) as { refs: Array<string | 0> }
    cache.refs[cache.refs.findIndex((refs) => typeof refs === 'string' && refs.length > 3)] = 'zz'
    await writeCheckedCache(cachePath, JSON.stringify(cache))
    await restampCache(out)
    const warnings: string[] = []
    await build(src, out, warnings)
    expect(warnings.join('\n')).toMatch(/cache\.json: malformed/)
  })

  it('so is one whose references name a file past the last (well formed, out of range)', async () => {
    const { src, out } = await site()
    await build(src, out)
    const cachePath = join(out, '.assetmap/cache.json')
    const cache = JSON.parse(await readFile(cachePath, 'utf8')) as { refs: Array<string | 0>; names: string[] }
    const at = cache.refs.findIndex((refs) => typeof refs === 'string' && refs.length > 3)
    cache.refs[at] = (cache.refs[at] as string).replace(/^([01]),\d+,/, `$1,${cache.names.length},`)
    await writeCheckedCache(cachePath, JSON.stringify(cache))
    await restampCache(out)
    const warnings: string[] = []
    await build(src, out, warnings)
    expect(warnings.join('\n')).toMatch(/cache\.json: malformed/)
    await expectSameAsCold(src, out)
  })

  it('an output folder whose time was set back after a file was removed from it (e52a855 wrote the file again)', async () => {
    const { src, out } = await site()
    const first = await build(src, out)
    const past = new Date(Date.now() - 60_000)
    await utimes(join(out, 'img'), past, past)
    await build(src, out) // records img's time
    const { mtime } = await stat(join(out, 'img'))
    await rm(join(out, first.manifest.assets['img/logo.png']!))
    await utimes(join(out, 'img'), mtime, mtime) // touch -d, rsync -t, a restore that keeps times
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a source edited in place with its size kept and its modification time put back (as `touch -d` or a restore does)', async () => {
    const { src, out } = await site()
    await build(src, out)
    const css = join(src, 'css/site.css')
    const times = join(src, '..', 'times')
    await writeFile(times, '')
    // `touch -r`: to the nanosecond, which fs.utimes cannot set.
    spawnSync('touch', ['-r', css, times])
    const text = await readFile(css, 'utf8')
    await writeFile(css, text.replace('utf-8', 'UTF-8'))
    spawnSync('touch', ['-r', times, css])
    expect((await stat(css, { bigint: true })).mtimeNs).toBe((await stat(times, { bigint: true })).mtimeNs)
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a file that became a folder, when --out is a symlink to a folder', async () => {
    const { src } = await site()
    const real = await outputDir('review-real')
    const out = join(await outputDir('review-link'), 'static')
    await symlink(real, out)
    await writeFile(join(src, 'img/mark'), 'a mark\n')
    await build(src, out)
    await rm(join(src, 'img/mark'))
    await mkdir(join(src, 'img/mark'))
    await writeFile(join(src, 'img/mark/dark.svg'), '<svg/>\n')
    await build(src, out)
    await expectSameAsCold(src, out)
  })

  it('a file that became a folder, under an output subfolder that is a symlink: the link is kept and the output whole', async () => {
    const { src, out } = await site()
    await writeFile(join(src, 'img/mark'), 'a mark\n')
    await build(src, out)
    const shared = join(await outputDir('review-shared'), 'img')
    await rename(join(out, 'img'), shared)
    await symlink(shared, join(out, 'img'))
    await rm(join(src, 'img/mark'))
    await mkdir(join(src, 'img/mark'))
    await writeFile(join(src, 'img/mark/dark.svg'), '<svg/>\n')
    await build(src, out)
    expect(lstatSync(join(out, 'img')).isSymbolicLink()).toBe(true)
    // Through the link (a comparison of trees would not follow it): every file the manifest lists, whole.
    await expectIntegrity(out, await build(src, out))
  })

  it('a source named like another file\'s hashed output is refused, naming both', async () => {
    const { src, out } = await site()
    const first = await build(src, out)
    const hashed = first.manifest.assets['img/logo.png']!
    await writeFile(join(src, hashed), 'not a png\n')
    await expect(build(src, out)).rejects.toMatchObject({ code: 'DUPLICATE_NAME', message: expect.stringContaining(`${join(src, hashed)} is named like the hashed copy of ${join(src, 'img/logo.png')}`) })
    expect(await readFile(join(out, hashed))).toEqual(await readFile(join(src, 'img/logo.png')))
  })

  it('a static folder named like a hashed file of an earlier build fails, saying so, and keeps that file', async () => {
    const { src, out } = await site()
    const first = await build(src, out)
    const hashed = first.manifest.assets['img/logo.png']!
    await rm(join(src, 'img/logo.png'))
    await mkdir(join(src, hashed))
    await writeFile(join(src, hashed, 'inside.txt'), 'a file in a folder with a hashed name\n')
    await expect(build(src, out)).rejects.toMatchObject({ code: 'WRITE_FAILED', message: expect.stringContaining('a hashed file of an earlier build has that name') })
    expect(lstatSync(join(out, hashed)).isFile()).toBe(true)
  })

  it('CLI: an --out below a file names the option', async () => {
    const dir = await outputDir('review-cli')
    await writeFile(join(dir, 'file'), 'mine\n')
    const run = spawnSync(process.execPath, [join(repoRoot, 'packages/cli/dist/bin.js'), 'build', fixture('static-site'), '--out', join(dir, 'file/sub')], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`--out ${join(dir, 'file/sub')}: ${join(dir, 'file/sub')} is inside ${join(dir, 'file')}, which is a file`)
  })
})

/** Every file the manifest lists is in `out`, with the integrity it lists. */
async function expectIntegrity(out: string, result: { manifest: { files: Record<string, { integrity: string }> } }): Promise<void> {
  for (const [path, file] of Object.entries(result.manifest.files)) {
    const digest = `sha384-${createHash('sha384').update(await readFile(join(out, path))).digest('base64')}`
    expect(digest, path).toBe(file.integrity)
  }
}
