// `vite build` of a generated 500-module app with the plugin, against the same build with only
// Vite's own `build.manifest: true`, in the same process. Goal (issue 14): the plugin's hooks cost
// at most 2% of the build.
//
// Fairness: both builds are warmed up first (Vite's and Rollup's code is compiled and cached
// once per process), and the order alternates each round (A B, B A, ...) so neither side always
// runs right after the other's garbage. On a shared machine a ~200 ms build still drifts by
// ±20% between runs, so the whole-build ratio is reported for information only; the goal is
// judged on the time spent inside the plugin's own hooks, measured in each build, as a share
// of that same build. A control arm (an empty plugin) shows how much of the whole-build gap any
// plugin, or the noise, accounts for.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import assetmap from '@assetmap/plugin/vite'
import { generateApp } from './lib/generateApp.js'
import { format, median, report, timeAsync } from './lib/measure.js'

const work = fileURLToPath(new URL('./.work/', import.meta.url))
const root = join(work, 'app500')
const { input } = await generateApp(root, 500)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21)
const WARM_UP = 2

/** Milliseconds spent in every hook of the plugin during the current build. */
let hookTime = 0
const HOOKS = ['config', 'configResolved', 'buildStart', 'writeBundle']

function timedAssetmap() {
  const plugin = assetmap()
  for (const name of HOOKS) {
    const hook = plugin[name]
    if (typeof hook !== 'function') throw new Error(`the plugin has no ${name} hook to time: update HOOKS`)
    plugin[name] = async function (...args) {
      const start = process.hrtime.bigint()
      try {
        return await hook.apply(this, args)
      } finally {
        hookTime += Number(process.hrtime.bigint() - start) / 1e6
      }
    }
  }
  return plugin
}

/** A control: a post plugin with a `writeBundle` that does nothing, to show what any plugin costs Vite. */
const emptyPlugin = () => ({ name: 'empty', enforce: 'post', async writeBundle() {} })

const config = (kind) => ({
  root,
  configFile: false,
  logLevel: 'silent',
  base: './',
  build: { outDir: join(work, `out-${kind}`), emptyOutDir: true, manifest: kind !== 'assetmap', assetsInlineLimit: 0, rollupOptions: { input } },
  plugins: kind === 'assetmap' ? [timedAssetmap()] : kind === 'empty' ? [emptyPlugin()] : [],
})

const ours = []
const peer = []
const control = []
const hookShares = []
const hookTimes = []
async function ourBuild() {
  hookTime = 0
  const time = await timeAsync(() => build(config('assetmap')))
  return { time, hooks: hookTime }
}
for (let round = 0; round < WARM_UP; round++) {
  await ourBuild()
  await build(config('vite'))
  await build(config('empty'))
}
for (let round = 0; round < ROUNDS; round++) {
  const peerFirst = round % 2 === 1
  if (peerFirst) {
    peer.push(await timeAsync(() => build(config('vite'))))
    control.push(await timeAsync(() => build(config('empty'))))
  }
  const { time, hooks } = await ourBuild()
  ours.push(time)
  hookTimes.push(hooks)
  hookShares.push(hooks / time)
  if (!peerFirst) {
    control.push(await timeAsync(() => build(config('empty'))))
    peer.push(await timeAsync(() => build(config('vite'))))
  }
}
// The median of paired per-round ratios is steadier than a ratio of medians.
const ratio = median(ours.map((time, round) => time / peer[round]))
const controlRatio = median(control.map((time, round) => time / peer[round]))
console.log(`${ROUNDS} rounds after ${WARM_UP} warm-up builds each, order alternating`)
console.log(`assetmap's hooks (${HOOKS.join(', ')}): ${format(median(hookTimes), 1)} ms median of a ${format(median(ours))} ms build`)
report({ name: 'vite build, 500 modules: whole build with the assetmap plugin vs build.manifest (information: noisy on a shared machine)', ours: `${format(median(ours))} ms`, peer: `${format(median(peer))} ms`, unit: '(medians)', ratio })
report({ name: 'control: the same build with an empty post plugin vs build.manifest', ours: `${format(median(control))} ms`, peer: `${format(median(peer))} ms`, unit: '(medians)', ratio: controlRatio })
const share = median(hookShares)
console.log(`assetmap's hooks take ${format(share * 100, 2)}% of the build (median of per-build shares; goal ≤ 2%)${share <= 0.02 ? '  (goal met)' : '  (goal MISSED)'}`)
