// What importing the Vite plugin costs: `import('@assetmap/plugin/vite')` against
// `import('unplugin')` alone (the framework it is built on), each in a fresh Node process,
// alternating. Goal (issue 14): at most 30 ms more than unplugin alone.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { format, median, report } from './lib/measure.js'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)
const cwd = fileURLToPath(new URL('..', import.meta.url))

/**
 * Milliseconds of CPU (user + system) one fresh process spends in `import(specifier)`: on a
 * shared machine, CPU time is steadier than wall time, which waits for other processes.
 */
function importTime(specifier) {
  const script = `const t = process.cpuUsage(); await import(${JSON.stringify(specifier)}); const d = process.cpuUsage(t); process.stdout.write(String((d.user + d.system) / 1000))`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  return Number(result.stdout)
}

// For scale: `engine` is the whole engine and `runtime` the runtime's index, which the plugin loads only when a build ends
// (it starts from `@assetmap/engine/internal` and `@assetmap/runtime/internal`; test/plugin/import-cost.test.ts holds that).
const modules = { plugin: '@assetmap/plugin/vite', unplugin: 'unplugin', engine: '@assetmap/engine', runtime: '@assetmap/runtime' }
const times = { plugin: [], unplugin: [], engine: [], runtime: [] }
for (const name of Object.keys(modules)) importTime(modules[name])
for (let round = 0; round < ROUNDS; round++) for (const name of Object.keys(modules)) times[name].push(importTime(modules[name]))
const [plugin, unplugin, engine, runtime] = [median(times.plugin), median(times.unplugin), median(times.engine), median(times.runtime)]
console.log(`median CPU time of ${ROUNDS} fresh processes each: @assetmap/plugin/vite ${format(plugin, 1)} ms, unplugin ${format(unplugin, 1)} ms, @assetmap/engine (whole engine) ${format(engine, 1)} ms, @assetmap/runtime ${format(runtime, 1)} ms`)
report({ name: 'import @assetmap/plugin/vite vs unplugin alone', ours: format(plugin, 1), peer: format(unplugin, 1), unit: 'ms', ratio: plugin / unplugin })
const extra = plugin - unplugin
console.log(`the plugin adds ${format(extra, 1)} ms over unplugin (goal ≤ 30 ms)${extra <= 30 ? '  (goal met)' : '  (goal MISSED)'}`)
