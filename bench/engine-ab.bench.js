// Two builds of the engine, side by side in one run: this checkout's `assetmap build` against the
// same command from another checkout (BENCH_BASELINE: a folder holding a built copy of the repo at
// an earlier commit, e.g. `git worktree add /tmp/base <commit> && (cd /tmp/base && npm install && npx tsc -b)`),
// on the 10k tree and the 109 MB tree. What a mechanism buys is measured this way: the commit that
// adds or removes it against the one before. Cold builds into new folders, alternating the two
// each round; round 0 warms the page cache and is not counted. Prints wall time, CPU time and peak
// RSS (medians), and the ratio baseline/this. BENCH_TREES lists the trees (default
// `10000,large:2000`; `2000` is the small profile's 2k tree, `stylesheet:200` one 200 MB stylesheet).
// Without BENCH_BASELINE it says so and exits: there is nothing to compare against.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'
import { timedRun } from './lib/timedRun.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const baseline = process.env.BENCH_BASELINE
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const trees = (process.env.BENCH_TREES ?? '10000,large:2000').split(',').map((spec) => {
  const [profile, size] = spec.includes(':') ? spec.split(':') : ['small', spec]
  return { profile, size: Number(size) }
})

if (!baseline) {
  console.log('engine-ab: set BENCH_BASELINE to a built checkout of another commit to compare against; skipped.')
} else {
  const bins = { this: join(here, '../packages/cli/dist/bin.js'), baseline: join(baseline, 'packages/cli/dist/bin.js') }
  if (!existsSync(bins.baseline)) throw new Error(`engine-ab: ${bins.baseline} does not exist; build that checkout first (npx tsc -b)`)
  for (const { profile, size } of trees) {
    const tree = join(work, `tree-${profile}-${size}`)
    const { files: count } = await generateTree(tree, size, { profile })
    const results = { this: [], baseline: [] }
    for (let round = 0; round <= ROUNDS; round++) {
      // Alternate which goes first, so that drift on the machine hits both alike.
      const order = round % 2 ? ['baseline', 'this'] : ['this', 'baseline']
      for (const which of order) {
        const result = timedRun(process.execPath, [bins[which], 'build', tree, '--out', join(work, `ab-out-${which}-${profile}-${size}-${round}`)])
        if (round > 0) results[which].push(result)
      }
    }
    const stat = (list, key) => median(list.map((result) => result[key]))
    const label = profile === 'stylesheet' ? `one ${size} MB stylesheet` : `${count}${profile === 'small' ? '' : ` ${profile}`} files`
    for (const [key, unit] of [['ms', 'ms wall'], ['cpu', 'ms CPU']]) {
      const [ours, theirs] = [stat(results.this, key), stat(results.baseline, key)]
      report({ name: `${label}, cold build: this vs baseline`, ours: `${format(ours)} ${unit}`, peer: `${format(theirs)} ${unit}`, unit: '(median)', ratio: theirs / ours })
    }
    const rss = (list) => Math.max(...list.map((result) => result.maxRSSKiB)) / 1024
    console.log(`${label}: peak RSS this ${format(rss(results.this), 1)} MiB, baseline ${format(rss(results.baseline), 1)} MiB`)
  }
  for (const name of readdirSync(work)) if (name.startsWith('ab-out-')) rmSync(join(work, name), { recursive: true, force: true })
}
