import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { projectWithStatic, runCliIn as assetmapIn } from '../helpers/cli.ts'

describe('folder arguments that are missing or are files: one line naming the argument and what to give', () => {
  let cwd: string

  beforeAll(async () => {
    cwd = await projectWithStatic('cli-folders')
    expect(assetmapIn(cwd, 'build', 'static', '--out', 'dist').code).toBe(0)
  })

  const missingStatic = (cwd: string) => `assetmap: static folder nosuch does not exist (${join(cwd, 'nosuch')}): give build the folders to hash, relative to the current folder.\n`

  it('build of a folder that does not exist', () => {
    expect(assetmapIn(cwd, 'build', 'nosuch', '--out', 'o')).toEqual({ code: 1, stdout: '', stderr: missingStatic(cwd) })
  })

  it('build --watch of a folder that does not exist fails as the build does, instead of "still watching" and exit 0', () => {
    expect(assetmapIn(cwd, 'build', 'nosuch', '--out', 'o', '--watch')).toEqual({ code: 1, stdout: '', stderr: missingStatic(cwd) })
    expect(assetmapIn(cwd, 'build', 'static', 'nosuch', '--out', 'o', '--watch')).toEqual({ code: 1, stdout: '', stderr: missingStatic(cwd) })
  })

  it('build of a file says it is a file, not that its permissions are wrong', () => {
    const run = assetmapIn(cwd, 'build', 'static/app.css', '--out', 'o')
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'assetmap: static folder static/app.css is a file, not a folder: give build the folders to hash, relative to the current folder.\n' })
  })

  it('inspect --templates of a folder that does not exist names the option, not scandir', () => {
    const run = assetmapIn(cwd, 'inspect', 'dist', '--templates', 'nosuch')
    expect(run).toEqual({ code: 1, stdout: '', stderr: `assetmap: --templates nosuch does not exist (${join(cwd, 'nosuch')}): give the folder that holds your templates.\n` })
  })

  it('compress of a folder that does not exist talks about an output folder, not a static one', () => {
    const run = assetmapIn(cwd, 'compress', 'nosuch')
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `assetmap: output folder nosuch does not exist (${join(cwd, 'nosuch')}): give compress the folder a build wrote (the --out of assetmap build, or the bundler's output folder).\n`,
    })
    expect(assetmapIn(cwd, 'compress', 'static/app.css').stderr).toBe(
      "assetmap: output folder static/app.css is a file, not a folder: give compress the folder a build wrote (the --out of assetmap build, or the bundler's output folder).\n",
    )
  })

  it('inspect of a folder without a manifest says what to give inspect, not a `manifest` option the CLI does not have', () => {
    const run = assetmapIn(cwd, 'inspect', 'static')
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(
      `assetmap: No manifest at ${join(cwd, 'static/assetmap.json')}. Run the build first (vite build / webpack with the assetmap plugin, or \`assetmap build\`), or give inspect the build's output folder or its assetmap.json.\n`,
    )
  })
})
