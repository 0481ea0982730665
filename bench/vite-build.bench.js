// `vite build` of a generated app with the assetmap plugin and a static dir, against the same
// build without the plugin (Vite's own `build.manifest: true`), each in a fresh Node process as a
// user runs it: Node's start-up, Vite's and the plugin's module loading and the build, end to end.
// Goal (issue 25): the plugin adds at most 5% to the wall time of a ~1.2 s build.
//
// Fairness: the two builds alternate in pairs (A B, B A, ...) so neither always runs right after
// the other, and the figure is the median of the per-pair ratios, which is steadier than a ratio
// of medians on a shared machine. Each process also reports the wall time of the plugin's
// `writeBundle` (where the manifest, the static dir and the engine's loading happen), of the
// whole `build()` call, and its CPU time, so a gap can be placed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateApp } from './lib/generateApp.js'
import { format, median, report } from './lib/measure.js'

const work = fileURLToPath(new URL('./.work/', import.meta.url))
const root = join(work, 'vite-build-app')
const MODULES = Number(process.env.BENCH_MODULES ?? 600)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const WARM_UP = 1

/** One build in this process (`node vite-build.bench.js <kind>`); prints its timings as JSON. */
async function childBuild(kind) {
  const start = performance.now()
  const { build } = await import('vite')
  let writeBundle = 0
  const plugins = []
  if (kind === 'assetmap') {
    const { default: assetmap } = await import('@assetmap/plugin/vite')
    const plugin = assetmap({ static: ['static'] })
    const hook = plugin.writeBundle
    plugin.writeBundle = async function (...args) {
      const begun = performance.now()
      try {
        return await hook.apply(this, args)
      } finally {
        writeBundle = performance.now() - begun
      }
    }
    plugins.push(plugin)
  }
  const built = performance.now()
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    base: './',
    build: { outDir: join(work, `vite-build-out-${kind}`), emptyOutDir: true, manifest: kind !== 'assetmap', assetsInlineLimit: 0, rollupOptions: { input: ['src/main.ts', 'src/admin.ts'] } },
    plugins,
  })
  const end = performance.now()
  const { user, system } = process.cpuUsage()
  process.stdout.write(JSON.stringify({ build: end - built, writeBundle, inProcess: end - start, cpu: (user + system) / 1000 }))
}

/** Wall time of one fresh process running one build, with the timings it reported. */
function processBuild(kind) {
  const begun = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), kind], { cwd: root, encoding: 'utf8' })
  const wall = Number(process.hrtime.bigint() - begun) / 1e6
  if (result.status !== 0) throw new Error(`${kind} build failed:\n${result.stderr}`)
  return { wall, ...JSON.parse(result.stdout) }
}

async function main() {
  const { input } = await generateApp(root, MODULES)
  if (input.join() !== 'src/main.ts,src/admin.ts') throw new Error(`generateApp's inputs changed (${input.join()}): update childBuild`)
  mkdirSync(join(root, 'static'), { recursive: true })
  writeFileSync(join(root, 'static/robots.txt'), 'User-agent: *\nAllow: /\n')
  for (let round = 0; round < WARM_UP; round++) {
    processBuild('assetmap')
    processBuild('vite')
  }
  const ours = []
  const peer = []
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 1) peer.push(processBuild('vite'))
    ours.push(processBuild('assetmap'))
    if (round % 2 === 0) peer.push(processBuild('vite'))
  }
  const ratio = (figure) => median(ours.map((build, round) => build[figure] / peer[round][figure]))
  const wall = (builds) => median(builds.map((build) => build.wall))
  const cpu = (builds) => median(builds.map((build) => build.cpu))
  console.log(`${ROUNDS} pairs of fresh processes after ${WARM_UP} warm-up pair, order alternating; ${MODULES}-module app, a one-file static dir`)
  console.log(`inside the assetmap build: writeBundle ${format(median(ours.map((build) => build.writeBundle)), 1)} ms, build() ${format(median(ours.map((build) => build.build)))} ms vs ${format(median(peer.map((build) => build.build)))} ms without the plugin (medians)`)
  report({ name: 'vite build, whole process: with the assetmap plugin and a static dir vs without the plugin (build.manifest)', ours: `${format(wall(ours))} ms`, peer: `${format(wall(peer))} ms`, unit: '(medians)', ratio: ratio('wall'), goal: { max: 1.05, text: '≤ 1.05' } })
  // CPU time (every thread) waits for no other process: steadier than wall time on a shared machine.
  report({ name: 'the same builds, CPU time of the whole process (information)', ours: `${format(cpu(ours))} ms`, peer: `${format(cpu(peer))} ms`, unit: '(medians)', ratio: ratio('cpu') })
}

const kind = process.argv[2]
if (kind === 'assetmap' || kind === 'vite') await childBuild(kind)
else await main()
