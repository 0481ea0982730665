import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { projectWithStatic, runCliIn as assetmapIn } from '../helpers/cli.ts'

describe('single-dash options', () => {
  let cwd: string

  beforeAll(async () => {
    cwd = await projectWithStatic('cli-short')
  })

  it('-out is refused, pointing at --out, and nothing is built (not into ./ut)', () => {
    const run = assetmapIn(cwd, 'build', 'static', '-out', 'dist')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('assetmap build: unknown option "-out" (did you mean "--out"?)\nRun "assetmap build --help" for its options.\n')
    expect(existsSync(join(cwd, 'ut'))).toBe(false)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it.each([
    ['-strict', 'unknown option "-strict" (did you mean "--strict"?)'],
    ['-watch', 'unknown option "-watch" (did you mean "--watch"?)'],
    ['-json', 'unknown option "-json" (did you mean "--json"?)'],
    ['-output', 'unknown option "-output" (did you mean "--out"?)'],
    ['-odist', 'unknown option "-odist" (a short option takes its value after a space: "-o dist")'],
  ])('%s is refused with what was meant', (option, message) => {
    const run = assetmapIn(cwd, 'build', 'static', '--out', 'dist', option)
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toBe(`assetmap build: ${message}`)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('-o <dir>, as the help shows it, builds', () => {
    const run = assetmapIn(cwd, 'build', 'static', '-o', 'short-out')
    expect(run.code, run.stderr).toBe(0)
    expect(existsSync(join(cwd, 'short-out/assetmap.json'))).toBe(true)
  })

  it('an argument after -- is a folder, whatever it looks like', () => {
    const run = assetmapIn(cwd, 'build', '--out', 'after-dashes', '--', '-out')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('-out')
    expect(run.stderr).not.toContain('unknown option')
  })
})
