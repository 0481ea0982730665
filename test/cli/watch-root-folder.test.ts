import { spawn } from 'node:child_process'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Manifest } from '@assetmap/runtime'
import { bin, projectWithStatic } from '../helpers/cli.ts'
import { until } from '../helpers/until.ts'

/** `assetmap build static --out dist --watch` in `cwd`, its output gathered; killed after each test. */
function watchIn(cwd: string) {
  const child = spawn(process.execPath, [bin, 'build', 'static', '--out', 'dist', '--watch'], { cwd, env: { ...process.env, CI: '1' } })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk) => (output.stdout += chunk))
  child.stderr.on('data', (chunk) => (output.stderr += chunk))
  children.push(child)
  return output
}
const children: ReturnType<typeof spawn>[] = []

const assetsOf = async (cwd: string) => Object.keys((JSON.parse(await readFile(join(cwd, 'dist/assetmap.json'), 'utf8')) as Manifest).assets)

// "still watching; fix it and save again" must stay true when the folder given on the command
// line is the thing that went: no watcher of its own can see it come back.
describe('assetmap build --watch when a static folder it was given goes and comes back', () => {
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })

  it.each([
    ['removed, then made again', async (dir: string) => rm(dir, { recursive: true })],
    ['renamed away, then made again', async (dir: string) => rename(dir, `${dir}.old`)],
  ])('%s: the error is told, then the folder is watched again and rebuilt', async (_case, remove) => {
    const cwd = await projectWithStatic('cli-watch-root')
    const output = watchIn(cwd)
    await until(() => /^built: /m.test(output.stdout), `the first build (${output.stderr})`)
    await remove(join(cwd, 'static'))
    await until(() => output.stderr.includes('static folder static does not exist'), `the error (${output.stderr})`)
    expect(output.stderr).toContain('still watching; fix it and save again.')
    await mkdir(join(cwd, 'static'))
    await writeFile(join(cwd, 'static/back.css'), 'p{color:blue}\n')
    await until(() => /^rebuilt after .*: /m.test(output.stdout), `a rebuild once the folder is back (stdout: ${output.stdout}, stderr: ${output.stderr})`)
    await until(async () => (await assetsOf(cwd)).includes('back.css'), 'back.css in the manifest')
    expect(await assetsOf(cwd)).toEqual(['back.css'])
    // And it is watched like any folder: an edit inside rebuilds.
    const rebuilds = output.stdout.split('\n').length
    await writeFile(join(cwd, 'static/more.css'), 'p{color:green}\n')
    await until(async () => output.stdout.split('\n').length > rebuilds && (await assetsOf(cwd)).includes('more.css'), `a rebuild after an edit (${output.stdout})`)
    expect(await assetsOf(cwd)).toEqual(['back.css', 'more.css'])
  })
})
