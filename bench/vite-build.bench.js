// `vite build` of a generated 500-module app with the plugin, against the same build with only
// Vite's own `build.manifest: true`, alternating, in the same process.
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

// Times the plugin's own hook, the part of the build it adds.
const hookTimes = []
function timedAssetmap() {
  const plugin = assetmap()
  const writeBundle = plugin.writeBundle
  plugin.writeBundle = async function (...args) {
    const start = process.hrtime.bigint()
    await writeBundle.apply(this, args)
    hookTimes.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return plugin
}

const config = (withPlugin) => ({
  root,
  configFile: false,
  logLevel: 'silent',
  base: './',
  build: { outDir: join(work, withPlugin ? 'out-assetmap' : 'out-vite'), emptyOutDir: true, manifest: !withPlugin, assetsInlineLimit: 0, rollupOptions: { input } },
  plugins: withPlugin ? [timedAssetmap()] : [],
})

await build(config(true))
await build(config(false))
const ours = []
const peer = []
for (let round = 0; round < ROUNDS; round++) {
  ours.push(await timeAsync(() => build(config(true))))
  peer.push(await timeAsync(() => build(config(false))))
}
// A ~70 ms build drifts ±10% between runs: the median of paired per-round ratios is steadier than a ratio of medians.
const ratio = median(ours.map((time, round) => time / peer[round]))
console.log(`assetmap's writeBundle hook: ${format(median(hookTimes), 1)} ms median of a ${format(median(ours))} ms build`)
report({ name: 'vite build, 500 modules: assetmap plugin vs build.manifest', ours: `${format(median(ours))} ms`, peer: `${format(median(peer))} ms`, unit: '(medians)', ratio, goal: { max: 1.05, text: 'median paired ratio ≤ 1.05' } })
