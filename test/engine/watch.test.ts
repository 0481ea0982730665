import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Manifest } from '@assetmap/runtime'
import { completeBuild } from '@assetmap/engine'
import { bin, runCli } from '../helpers/cli.ts'
import { expectSameAsCold } from '../helpers/sameAsCold.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

/** `assetmap build --watch` as a real process, its output gathered line by line. */
function watchProcess(src: string, out: string) {
  const child = spawn(process.execPath, [bin, 'build', src, '--out', out, '--watch'], { env: { ...process.env, CI: '1' } })
  const output = { stdout: '', stderr: '', exit: undefined as number | null | undefined }
  child.stdout.on('data', (chunk) => (output.stdout += chunk))
  child.stderr.on('data', (chunk) => (output.stderr += chunk))
  child.on('exit', (code) => (output.exit = code))
  return { child, output }
}

const manifestOf = async (out: string) => JSON.parse(await readFile(join(out, 'assetmap.json'), 'utf8')) as Manifest

/** The watch's assetmap.json holds, byte for byte, what a cold build writes (it makes only the changed records again). */
async function expectColdManifestBytes(src: string, out: string): Promise<void> {
  const cold = await outputDir('watch-cold')
  await completeBuild({ outDir: cold, base: '/static/', static: { dirs: [src], root: '/', cache: false, onWarning: () => {} } })
  expect((await readFile(join(out, 'assetmap.json'), 'utf8')) === (await readFile(join(cold, 'assetmap.json'), 'utf8'))).toBe(true)
}

describe('assetmap build --watch', () => {
  let running: ChildProcess | undefined
  afterEach(() => {
    if (running?.exitCode === null) running.kill('SIGKILL')
  })
  /** A copy of the static-site fixture under a running watch, once its first build is done. */
  const watchedCopy = async () => {
    const src = join(await outputDir('watch-src'), 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    const out = await outputDir('watch-out')
    const { child, output } = watchProcess(src, out)
    running = child
    await until(() => /^built: \d+ files written/m.test(output.stdout), `the first build (stdout: ${output.stdout}, stderr: ${output.stderr})`)
    return { src, out, child, output }
  }

  it('rebuilds on a CSS edit, reports an error without stopping, recovers, and exits cleanly on SIGINT', async () => {
    const { src, out, child, output } = await watchedCopy()
    const first = await manifestOf(out)

    // Saved as most editors do, whole: a rebuild never sees the file half written.
    await writeFile(join(src, 'css/.site.css.swp'), `${await readFile(join(src, 'css/site.css'), 'utf8')}\n.edited { color: red }\n`)
    await rename(join(src, 'css/.site.css.swp'), join(src, 'css/site.css'))
    const rebuilt = await until(() => /^rebuilt after .*css\/site\.css.*: (\d+) files written/m.exec(output.stdout) ?? undefined, `a rebuild after the edit (stdout: ${output.stdout})`)
    const second = await manifestOf(out)
    expect(second.assets['css/site.css'], output.stdout).not.toBe(first.assets['css/site.css'])
    expect(second.assets['img/logo.png']).toBe(first.assets['img/logo.png'])
    // The edited file's hashed copy and its original; and what names it, if anything does.
    expect(Number(rebuilt[1])).toBeLessThan(Object.keys(first.assets).length)
    expect(await readFile(join(out, second.assets['css/site.css']!), 'utf8')).toContain('.edited { color: red }')

    // A name no URL can reach: the build fails, says why, and the watch goes on.
    await writeFile(join(src, 'css/bad\\name.css'), '.x {}')
    await until(() => /error after .*bad\\name\.css.*backslash/s.test(output.stderr), `the error reported (stderr: ${output.stderr})`)
    expect(output.exit).toBeUndefined()
    expect((await manifestOf(out)).release).toBe(second.release)

    await rm(join(src, 'css/bad\\name.css'))
    const builds = () => output.stdout.split('\n').filter((line) => line.startsWith('rebuilt after')).length
    await until(() => builds() >= 2, `a rebuild once fixed (stdout: ${output.stdout})`)
    expect(await manifestOf(out)).toEqual(second)

    // Saved by rename a second time: the watch still sees the file (Node 20's recursive watch loses it).
    await writeFile(join(src, 'css/.site.css.swp'), `${await readFile(join(src, 'css/site.css'), 'utf8')}\n.again { color: blue }\n`)
    await rename(join(src, 'css/.site.css.swp'), join(src, 'css/site.css'))
    const third = await until(async () => {
      const manifest = await manifestOf(out)
      return manifest.assets['css/site.css'] !== second.assets['css/site.css'] ? manifest : undefined
    }, `a rebuild after a second save (stdout: ${output.stdout})`)
    expect(await readFile(join(out, third.assets['css/site.css']!), 'utf8')).toContain('.again { color: blue }')

    child.kill('SIGINT')
    await until(() => output.exit !== undefined, 'the process to exit')
    expect(output.exit).toBe(0)
    expect(output.stderr).toContain('stopped watching (SIGINT)')
  })

  it('keeps the last build in memory: after edits, new files, a removal and a new folder, the output equals a cold build, and the cache it leaves spares every file', async () => {
    const { src, out, child, output } = await watchedCopy()
    let manifest = await manifestOf(out)
    /** Makes a change, then waits for the manifest it leads to. */
    const step = async (what: string, change: () => Promise<void>): Promise<void> => {
      const before = JSON.stringify(manifest)
      await change()
      manifest = await until(async () => {
        const now = await manifestOf(out).catch(() => undefined)
        return now && JSON.stringify(now) !== before ? now : undefined
      }, `a rebuild after ${what} (stdout: ${output.stdout}, stderr: ${output.stderr})`)
      await expectSameAsCold(src, out)
      await expectColdManifestBytes(src, out)
    }
    // An image that CSS names: the CSS is rewritten with its new name (a cascade the watch knows from memory).
    await step('an image edit', () => writeFile(join(src, 'img/logo.png'), Buffer.from('a new logo')))
    expect(manifest.assets['img/logo.png']).toMatch(/^img\/logo\.\w+\.png$/)
    await step('a new file', () => writeFile(join(src, 'css/new.css'), '.n { background: url(../img/logo.png) }\n'))
    expect(manifest.assets['css/new.css']).toBeDefined()
    await step('a new folder', async () => {
      await mkdir(join(src, 'extra'))
      await writeFile(join(src, 'extra/more.js'), "import '../js/app.js'\n")
    })
    expect(manifest.assets['extra/more.js']).toBeDefined()
    await step('a removal', () => rm(join(src, 'css/new.css')))
    expect(manifest.assets['css/new.css']).toBeUndefined()
    await step('an edit of a file in the new folder', () => writeFile(join(src, 'extra/more.js'), "import '../js/app.js'\nexport const more = 1\n"))

    child.kill('SIGINT')
    await until(() => output.exit !== undefined, 'the process to exit')
    expect(output.exit).toBe(0)
    const again = await runCli('build', src, '--out', out, '--json')
    expect(again.code, again.stderr).toBe(0)
    const summary = JSON.parse(again.stdout) as { written: number; warnings: string[] }
    expect(summary.written).toBe(0)
    expect(summary.warnings.join('\n')).not.toMatch(/cache/)
  })

  it('builds files in a folder made where one was renamed away (a watcher follows the renamed folder)', async () => {
    const { src, out, child, output } = await watchedCopy()
    await rename(join(src, 'css'), join(src, 'styles'))
    await until(async () => (await manifestOf(out)).assets['styles/site.css'] !== undefined, `a rebuild after the rename (stdout: ${output.stdout})`)
    await mkdir(join(src, 'css'))
    await writeFile(join(src, 'css/new.css'), '.n { color: red }\n')
    await until(async () => (await manifestOf(out)).assets['css/new.css'] !== undefined, `css/new.css built (stdout: ${output.stdout}, stderr: ${output.stderr})`)
    await writeFile(join(src, 'css/new.css'), '.n { color: blue }\n')
    await until(async () => {
      const manifest = await manifestOf(out)
      return (await readFile(join(out, manifest.assets['css/new.css']!), 'utf8')).includes('blue')
    }, `css/new.css rebuilt after an edit (stdout: ${output.stdout})`)
    await expectSameAsCold(src, out)
  })
})
