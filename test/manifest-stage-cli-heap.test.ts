import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateTree } from '../bench/lib/generateTree.js'
import { bin } from './helpers/cli.ts'
import { outputDir } from './helpers/paths.ts'

const MiB = 1024 * 1024
let dir: string
let report: string

/** Builds the tree with the `assetmap` command; the size of V8's young generation (new space) when it exits. */
function newSpaceAfterBuild(env: NodeJS.ProcessEnv = {}): number {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`)
  const run = spawnSync(process.execPath, ['--import', report, bin, 'build', join(dir, 'tree'), '--out', out, '--json'], { env: { ...process.env, NODE_OPTIONS: '', ...env }, encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  return Number(/new_space (\d+)/.exec(run.stderr)![1])
}

describe('the assetmap command keeps its young generation small', () => {
  beforeAll(async () => {
    dir = await outputDir('cli-heap')
    // 1,000 files: enough for V8 to double the young generation three times under default flags (to 8 MiB).
    await generateTree(join(dir, 'tree'), 1000)
    report = join(dir, 'report.mjs')
    await writeFile(
      report,
      "process.on('exit', () => process.stderr.write(`new_space ${process.getBuiltinModule('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size}\\n`))\n",
    )
  })

  it('at the size it had when the build started (two 2 MiB semi-spaces at most), where V8 would double it', () => {
    expect(newSpaceAfterBuild()).toBeLessThanOrEqual(4 * MiB)
  })

  it('unless the user sized it: --max-semi-space-size in NODE_OPTIONS wins', () => {
    expect(newSpaceAfterBuild({ NODE_OPTIONS: '--max-semi-space-size=8' })).toBeGreaterThan(4 * MiB)
  })
})
