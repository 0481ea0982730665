import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild, type CompleteBuildResult } from '@assetmap/engine'
import { fixture, outputDir } from '../helpers/paths.ts'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'

// A one-shot rebuild that changed nothing is answered from the build cache and the kept manifest
// without the static stage (docs/design.md, "A rebuild that changed nothing"). What it answers
// must be what the static stage would: the same result, the same warnings in the same order, and
// an output folder it may trust only as far as it checked.

interface Built extends CompleteBuildResult {
  warnings: string[]
}

async function build(dirs: string[], out: string, options: { strict?: boolean; firstWins?: boolean; keepOriginals?: boolean } = {}): Promise<Built> {
  const warnings: string[] = []
  const result = await completeBuild({ outDir: out, base: '/static/', static: { dirs, root: '/', onWarning: (message) => warnings.push(message), ...options } })
  return { ...result, warnings }
}

/** Two dirs (the first shadows a file of the second), broken references and a dangling link: every kind of report. */
async function project(): Promise<{ dirs: string[]; out: string }> {
  const root = await outputDir('unchanged-src')
  const first = join(root, 'first')
  const second = join(root, 'second')
  await cp(fixture('static-site'), first, { recursive: true })
  await mkdir(join(second, 'css'), { recursive: true })
  await writeFile(join(second, 'css/site.css'), '.shadowed { color: red }\n')
  await writeFile(join(second, 'css/extra.css'), '.extra { background: url(../img/nowhere.png) }\n')
  await writeFile(join(first, 'css/a-missing.css'), '@import "./gone.css";\n')
  await symlink(join(root, 'no-such-file.png'), join(first, 'img/dangling.png'))
  return { dirs: [first, second], out: await outputDir('unchanged-out') }
}

/** What a build result says, less what only a build that wrote something has. */
function said(result: Built) {
  const { assets, files, fileCount, bytes, warnings, links, shadowed } = result.static!
  return { assets: [...assets], files: [...files], fileCount, bytes, warnings, links, shadowed, reported: result.warnings }
}

describe('a rebuild with nothing changed', () => {
  it('gives the result and the warnings, in order, of a build that read every file, and writes nothing', async () => {
    const { dirs, out } = await project()
    const first = await build(dirs, out, { firstWins: true })
    expect(first.warnings.length).toBeGreaterThanOrEqual(3)
    expect(first.static!.shadowed).toHaveLength(1)
    const manifestTime = (await stat(join(out, 'assetmap.json'))).mtimeMs
    const again = await build(dirs, out, { firstWins: true })
    expect(said(again)).toEqual(said(first))
    // The totals a summary prints are the manifest's.
    const listed = Object.values(first.manifest.files)
    expect(again.static!).toMatchObject({ fileCount: listed.length, bytes: listed.reduce((sum, file) => sum + file.size, 0) })
    expect(again.static!).toMatchObject({ written: 0, originals: [], unchanged: true })
    expect(again.release).toBe(first.manifest.release)
    expect(again.manifest).toEqual(first.manifest)
    expect((await stat(join(out, 'assetmap.json'))).mtimeMs).toBe(manifestTime)
  })

  it('still fails a strict build on the broken references the cache recorded', async () => {
    const { dirs, out } = await project()
    await expect(build(dirs, out, { strict: true, firstWins: true })).rejects.toMatchObject({ code: 'BROKEN_REFERENCE' })
    await expect(build(dirs, out, { strict: true, firstWins: true })).rejects.toMatchObject({ code: 'BROKEN_REFERENCE' })
  })

  const removals = [
    ['a hashed file', (out: string, result: Built) => rm(join(out, result.manifest.assets['css/site.css']!))],
    ['an original', (out: string) => rm(join(out, 'css/site.css'))],
    ['a file at the root', (out: string) => rm(join(out, 'robots.txt'))],
    ['a whole folder', (out: string) => rm(join(out, 'img'), { recursive: true })],
  ] as const

  async function site(): Promise<{ src: string; out: string; first: Built }> {
    const src = join(await outputDir('unchanged-src'), 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    const out = await outputDir('unchanged-out')
    return { src, out, first: await build([src], out) }
  }

  it('writes again a file removed from the output right after the build', async () => {
    for (const [label, remove] of removals) {
      const { src, out, first } = await site()
      // No folder vouches for itself yet: a removal within the file system's tick would not change its time.
      expect(await stampedFolders(out), label).toEqual([])
      await remove(out, first)
      expect((await build([src], out)).static!.written, label).toBeGreaterThan(0)
      await expectSameAsCold(src, out)
    }
  })

  it('writes again a file removed from an output folder it trusts by its change time, also when a source changed', async () => {
    const sites = await Promise.all([...removals.map(() => site()), site()])
    // Long after the build: the next one records the folders, which then vouch for themselves.
    await new Promise((resolve) => setTimeout(resolve, SETTLED_MS))
    for (const { src, out } of sites) {
      await build([src], out)
      expect(await stampedFolders(out)).toEqual(['', 'css', 'fonts', 'img', 'js'])
    }
    for (const [index, [label, remove]] of removals.entries()) {
      const { src, out, first } = sites[index]!
      await remove(out, first)
      const again = await build([src], out)
      expect(again.static!.written, label).toBeGreaterThan(0)
      await expectSameAsCold(src, out)
    }
    // A file changed too: the probe hands on to the static stage, which trusts the same folders.
    const { src, out, first } = sites.at(-1)!
    await rm(join(out, first.manifest.assets['fonts/icons.woff2']!))
    await writeFile(join(src, 'robots.txt'), 'User-agent: *\nDisallow: /private/\n')
    expect((await build([src], out)).static!.unchanged).toBe(false)
    await expectSameAsCold(src, out)
  })

  it('without originals, writes again only what is missing', async () => {
    const src = join(await outputDir('unchanged-src'), 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    const out = await outputDir('unchanged-out')
    const first = await build([src], out, { keepOriginals: false })
    expect(existsSync(join(out, 'css/site.css'))).toBe(false)
    expect((await build([src], out, { keepOriginals: false })).static!.written).toBe(0)
    await rm(join(out, first.manifest.assets['img/logo.png']!))
    expect((await build([src], out, { keepOriginals: false })).static!.written).toBe(1)
  })

  it('reads the kept manifest only when asked, and refuses one changed in the meantime', async () => {
    const src = join(await outputDir('unchanged-src'), 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    await pastRacyWindow()
    const out = await outputDir('unchanged-out')
    const first = await build([src], out)
    // As returned (the test's `build` copies the result, which reads the manifest).
    const again = await completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {} } })
    const manifestFile = join(out, 'assetmap.json')
    const text = await readFile(manifestFile, 'utf8')
    await writeFile(manifestFile, text.replace(first.manifest.release, 'replaced0000'))
    expect(() => again.manifest).toThrow(/changed since the build that kept it/)
  })
})

/** How long after its last change a folder's time vouches for it (pipeline/keptManifest.ts), and a little more. */
const SETTLED_MS = 2_600

/** The output folders the stamp trusts by their change time. */
async function stampedFolders(out: string): Promise<string[]> {
  const stamp = JSON.parse(await readFile(join(out, '.assetmap/manifest-stamp.json'), 'utf8')) as { folders: Record<string, number> }
  return Object.keys(stamp.folders).sort()
}
