// What the `assetmap` process costs around the build itself, on the generated trees, each figure
// beside a peer measured in the same run (fresh processes, interleaved, medians of BENCH_ROUNDS):
//   1. start-up: `assetmap --version` against a bare `node -e ""`;
//   2. the manifest stage of a 10k-file build (createManifest, then writeManifest into a folder
//      holding no manifest, then into one holding this very manifest, which writes nothing),
//      against the floor of any manifest writer: JSON.stringify of the same manifest and one write;
//   3. peak RSS of `assetmap build` (cold) on the 10k tree and the 113 MB tree, with Node's default
//      heap settings and with the two docs/options.md offers (`--max-semi-space-size=1
//      --heap-growing-percent=100` on the command line).
// The machine may be loaded by other work: CPU time (user + system) is printed beside wall time.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'
import { timedRun } from './lib/timedRun.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const BIN = join(here, '../packages/cli/dist/bin.js')
const ENGINE = join(here, '../packages/engine/dist')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)
let folders = 0
/** A new output folder each time: deleting many files just before a timed run slows the next writes (discard). */
const freshOut = () => join(work, `overhead-out-${process.pid}-${folders++}`)

function clean() {
  for (const name of existsSync(work) ? readdirSync(work) : []) if (name.startsWith('overhead-out-')) rmSync(join(work, name), { recursive: true, force: true })
}

/** Runs each labelled command once a round, interleaved; round 0 warms the page cache and is not counted. */
function compare(commands) {
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]))
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [label, command] of Object.entries(commands)) {
      const result = command()
      if (round > 0) samples[label].push(result)
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([label, runs]) => [
      label,
      { ms: median(runs.map((run) => run.ms)), cpu: median(runs.map((run) => run.cpu)), rssMiB: median(runs.map((run) => run.maxRSSKiB)) / 1024, stage: runs[0]?.stage && median(runs.map((run) => run.stage)) },
    ]),
  )
}

function line(label, result) {
  console.log(`  ${label.padEnd(34)} ${format(result.ms).padStart(6)} ms wall, ${format(result.cpu).padStart(6)} ms CPU, ${format(result.rssMiB, 1).padStart(6)} MiB peak RSS`)
}

clean()
mkdirSync(work, { recursive: true })
const tree = join(work, 'overhead-tree-10k')
const large = join(work, 'overhead-tree-large')
await generateTree(tree, 10000)
await generateTree(large, 2000, { profile: 'large' })

console.log('\nstart-up')
const startup = compare({
  node: () => timedRun(process.execPath, ['-e', '']),
  assetmap: () => timedRun(process.execPath, [BIN, '--version']),
})
for (const [label, result] of Object.entries(startup)) line(label === 'node' ? 'node -e ""' : 'assetmap --version', result)
report({ name: 'assetmap --version against bare node (CPU)', ours: format(startup.assetmap.cpu), peer: format(startup.node.cpu), unit: 'ms', ratio: startup.assetmap.cpu / startup.node.cpu })

console.log('\nmanifest stage, 10k files (in-process ms of the stage, one fresh process each)')
const source = freshOut()
timedRun(process.execPath, [BIN, 'build', tree, '--out', source, '--json'])
// The stage alone, in a process of its own: the build's inputs are rebuilt from a manifest on disk.
const stageScript = `
  import { readFileSync } from 'node:fs'
  import { writeFileSync } from 'node:fs'
  const [mode, from, out] = process.argv.slice(1)
  const { createManifest } = await import(${JSON.stringify(join(ENGINE, 'createManifest.js'))})
  const { writeManifest } = await import(${JSON.stringify(join(ENGINE, 'writeManifest.js'))})
  const m = JSON.parse(readFileSync(from + '/assetmap.json', 'utf8'))
  const input = { base: m.base, assets: new Map(Object.entries(m.assets)), entries: [], files: new Map(Object.entries(m.files).map(([path, { size, integrity }]) => [path, { size, integrity }])) }
  const started = performance.now()
  if (mode === 'floor') writeFileSync(out + '.json', JSON.stringify(m, null, 2))
  else await writeManifest(out, createManifest(input))
  process.stdout.write(JSON.stringify({ stage: performance.now() - started }))
`
const stage = (mode, out) => {
  const result = timedRun(process.execPath, ['--input-type=module', '-e', stageScript, mode, source, out])
  return { ...result, stage: JSON.parse(result.stdout).stage }
}
const unchanged = freshOut()
stage('stage', unchanged)
const stages = compare({ floor: () => stage('floor', freshOut()), first: () => stage('stage', freshOut()), unchanged: () => stage('stage', unchanged) })
for (const [label, result] of Object.entries(stages)) console.log(`  ${label.padEnd(34)} ${format(result.stage, 1).padStart(6)} ms (process: ${format(result.cpu)} ms CPU)`)
report({ name: 'manifest stage, new manifest, against JSON.stringify + one write', ours: format(stages.first.stage, 1), peer: format(stages.floor.stage, 1), unit: 'ms', ratio: stages.first.stage / stages.floor.stage })
report({ name: 'manifest stage, unchanged manifest, against JSON.stringify + one write', ours: format(stages.unchanged.stage, 1), peer: format(stages.floor.stage, 1), unit: 'ms', ratio: stages.unchanged.stage / stages.floor.stage })

for (const [name, dir] of [['10k tree', tree], ['113 MB tree', large]]) {
  console.log(`\npeak RSS, cold build of the ${name}`)
  const builds = compare({
    policy: () => timedRun(process.execPath, ['--max-semi-space-size=1', '--heap-growing-percent=100', BIN, 'build', dir, '--out', freshOut(), '--json']),
    'V8 default': () => timedRun(process.execPath, [BIN, 'build', dir, '--out', freshOut(), '--json']),
  })
  for (const [label, result] of Object.entries(builds)) line(label, result)
  report({ name: `peak RSS, ${name}, docs' heap flags against Node's defaults`, ours: format(builds.policy.rssMiB, 1), peer: format(builds['V8 default'].rssMiB, 1), unit: 'MiB', ratio: builds.policy.rssMiB / builds['V8 default'].rssMiB })
  report({ name: `CPU, ${name}, same pair`, ours: format(builds.policy.cpu), peer: format(builds['V8 default'].cpu), unit: 'ms', ratio: builds.policy.cpu / builds['V8 default'].cpu })
  report({ name: `peak RSS, ${name}, against the 64 MiB goal`, ours: format(builds.policy.rssMiB, 1), peer: '64', unit: 'MiB', ratio: builds.policy.rssMiB / 64, goal: { max: 1, text: '≤ 1' } })
}
clean()
