import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { generateTree } from '../../bench/lib/generateTree.js'
import { bin } from '../helpers/cli.ts'
import { outputDir } from '../helpers/paths.ts'

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

/**
 * Builds `tree` with `--trace-gc`: the heap's size before and after each full collection
 * (Mark-Compact), in MB, as V8 prints it.
 */
function fullCollections(tree: string, flags: string[] = []): { before: number; after: number }[] {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`)
  const run = spawnSync(process.execPath, ['--trace-gc', ...flags, bin, 'build', tree, '--out', out, '--json'], { env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', maxBuffer: 64 * MiB })
  expect(run.status, run.stderr).toBe(0)
  return [...run.stdout.matchAll(/Mark-Compact ([\d.]+) \([\d.]+\) -> ([\d.]+)/g)].map(([, before, after]) => ({ before: Number(before), after: Number(after) }))
}

/** How far the heap grew at most before a full collection, against what was live at most after one. */
function growth(collections: readonly { before: number; after: number }[]): number {
  return Math.max(...collections.map(({ before }) => before)) / Math.max(...collections.map(({ after }) => after))
}

describe('the assetmap command keeps its old generation within about twice what is live', () => {
  let scripts: string
  beforeAll(async () => {
    dir ??= await outputDir('cli-heap')
    // 800 scripts of 150–200 KB (enough for two full collections even where V8 lets the heap grow
    // four times): each is read as a string too large for V8's regular pages, and
    // the ones that outlive a young collection are garbage that only a full collection frees.
    scripts = join(dir, 'scripts')
    await mkdir(scripts, { recursive: true })
    for (let i = 0; i < 800; i++) {
      const lines = i > 0 ? [`import { f0 } from './m${i - 1}.js'`] : []
      for (let n = 0, length = 0; length < 150_000 + (i % 50) * 1000; n++) {
        const line = `export function f${n}(a, b) { return a * ${i % 97} + b * ${n} }`
        lines.push(line)
        length += line.length + 1
      }
      await writeFile(join(scripts, `m${i}.js`), lines.join('\n'))
    }
  })

  it('where V8 would let it grow to four times (that garbage was 10 MiB of peak memory on the 113 MB tree)', () => {
    const collections = fullCollections(scripts)
    expect(collections.length).toBeGreaterThanOrEqual(3)
    expect(growth(collections)).toBeLessThan(3)
  })

  it('unless the user set the factor: --heap-growing-percent on the command line wins', () => {
    const collections = fullCollections(scripts, ['--heap-growing-percent=300'])
    expect(collections.length).toBeGreaterThanOrEqual(2)
    expect(growth(collections)).toBeGreaterThan(3)
  })
})
