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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

const config = (withPlugin) => ({
  root,
  configFile: false,
  logLevel: 'silent',
  base: './',
  build: { outDir: join(work, withPlugin ? 'out-assetmap' : 'out-vite'), emptyOutDir: true, manifest: !withPlugin, assetsInlineLimit: 0, rollupOptions: { input } },
  plugins: withPlugin ? [assetmap()] : [],
})

await build(config(true))
await build(config(false))
const ours = []
const peer = []
for (let round = 0; round < ROUNDS; round++) {
  ours.push(await timeAsync(() => build(config(true))))
  peer.push(await timeAsync(() => build(config(false))))
}
const a = median(ours)
const b = median(peer)
report({ name: 'vite build, 500 modules: assetmap plugin vs build.manifest', ours: `${format(a)} ms`, peer: `${format(b)} ms`, unit: '(median)', ratio: a / b, goal: { max: 1.05, text: '≤ 1.05' } })
