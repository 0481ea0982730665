import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { generateTree } from '../../bench/lib/generateTree.js'
import { bin, runCli } from '../helpers/cli.ts'
import { killedBuild } from '../helpers/killedBuild.ts'
import { outputDir, readManifest } from '../helpers/paths.ts'

/** `assetmap clean` as a real process, run while the calling build is paused in one of its callbacks. */
function cleanNow(...args: string[]): { code: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [bin, 'clean', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } })
  return { code: result.status, stderr: result.stderr }
}

describe('assetmap clean beside a build that is still running', () => {
  it('refuses to clean a folder a build is writing, naming the build, and the build ends whole', async () => {
    const tree = await outputDir('clean-during-build-tree')
    const out = await outputDir('clean-during-build')
    await generateTree(tree, 300)
    await buildCommand({ dirs: [tree], out, release: 'r1', onWarning: () => {} })
    let clean: { code: number | null; stderr: string } | undefined
    await buildCommand({
      dirs: [tree],
      out,
      release: 'r2',
      onWarning: () => {},
      // The build's files are on disk, its manifest is not yet: what a clean must never take.
      onProgress: (phase) => {
        if (phase === 'write' && clean === undefined) clean = cleanNow(out, '--keep', '1', '--orphans', '--age', '1h')
      },
    })
    expect(clean?.code, clean?.stderr).toBe(1)
    expect(clean?.stderr).toMatch(/a build \(process \d+ on this machine, since .+\) is writing to .+: run clean once it has finished/)
    const manifest = await readManifest(out)
    for (const path of Object.keys(manifest.files)) expect(existsSync(join(out, path)), path).toBe(true)
    // The build leaves no marker behind.
    expect(readdirSync(join(out, '.assetmap'))).not.toContain('builds')
  }, 120_000)

  it('is not held up by the marker of a build that was killed', async () => {
    const tree = await outputDir('clean-after-killed-tree')
    const other = await outputDir('clean-after-killed-other')
    const out = await outputDir('clean-after-killed')
    await generateTree(tree, 100)
    await generateTree(other, 1500)
    await buildCommand({ dirs: [tree], out, release: 'r1', onWarning: () => {} })
    await killedBuild(other, out)
    expect(readdirSync(join(out, '.assetmap/builds')).length).toBe(1)
    const run = await runCli('clean', out, '--keep', '1', '--orphans', '--age', '1h')
    expect(run.code, run.stderr).toBe(0)
  }, 120_000)

  it('refuses an --age under the floor with --orphans, saying why and what to give', async () => {
    const out = await outputDir('clean-age-floor')
    const run = await runCli('clean', out, '--keep', '1', '--orphans', '--age', '0')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('clean --orphans needs --age 10m or more (found 0)')
    expect((await runCli('clean', '--help')).stdout).toContain('at least 10m')
  })
})
