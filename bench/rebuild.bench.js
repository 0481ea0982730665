// Rebuilds on the generated 10k tree (BENCH_REBUILD_SIZE), in one run, against Django's
// collectstatic (ManifestStaticFilesStorage, rerun into its own earlier output, as a Django
// project redeploys), `cp -r` into a fresh folder (the I/O floor of a build that writes
// everything) and, for the rebuild with nothing changed, Node walking the tree and stat'ing every
// file (bench/lib/statFloor.js: the floor of any rebuild that checks each file's stamp):
//   1. a rebuild with nothing changed: `assetmap build` into its own earlier output (the build
//      cache in <out>/.assetmap/cache.json spares every file);
//   2. a rebuild after one image changed: only the image and the files that refer to it, directly
//      or through others, are written (the count comes from `--json`);
//   3. `assetmap build --watch`: from the write of one CSS file to the new manifest on disk.
// Each tool is a fresh process (what a user runs); round 0 warms the page cache and is not counted.
// The machine may be loaded by other work: CPU time (user + system) is printed beside wall time.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'
import { timedRun } from './lib/timedRun.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const PYTHON = '/usr/bin/python3'
const BIN = join(here, '../packages/cli/dist/bin.js')
const SIZE = Number(process.env.BENCH_REBUILD_SIZE ?? 10000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

/** `timedRun`, with the JSON the command printed (`--json`), if any. */
function run(command, args) {
  const { stdout, ...result } = timedRun(command, args)
  let info = {}
  try {
    info = JSON.parse(stdout)
  } catch {
    // Not JSON: Django prints one line of it after its own output; cp prints nothing.
  }
  return { ...result, info }
}

function clean() {
  for (const name of existsSync(work) ? readdirSync(work) : []) if (name.startsWith('rebuild-out-')) rmSync(join(work, name), { recursive: true, force: true })
}

const tree = join(work, `rebuild-tree-${SIZE}`)
clean()
const { files: count } = await generateTree(tree, SIZE)
// Files of generateTree's layout (kind/<folder>/<kind>-<i>.<ext>).
const image = join(tree, 'img/0/img-1.png')
const css = join(tree, 'css/0/css-5.css')
// A dot-name: the build (and the watch) skip it until it is renamed into place.
const cssTemp = join(css, '..', '.edit.tmp')
const originalImage = readFileSync(image)
const out = { assetmap: join(work, 'rebuild-out-assetmap'), django: join(work, 'rebuild-out-django') }
const assetmapBuild = () => run(process.execPath, [BIN, 'build', tree, '--out', out.assetmap, '--json'])
const djangoBuild = () => run(PYTHON, [join(here, 'lib/collectstatic.py'), tree, out.django])
console.log(`tree of ${count} files; first builds (untimed)…`)
assetmapBuild()
djangoBuild()

const samples = { unchanged: { assetmap: [], django: [], cp: [], floor: [] }, image: { assetmap: [], django: [] } }
const cpu = { unchanged: { assetmap: [], django: [], cp: [], floor: [] }, image: { assetmap: [], django: [] } }
const written = { unchanged: [], image: [] }
for (let round = 0; round <= ROUNDS; round++) {
  const results = { assetmap: assetmapBuild(), django: djangoBuild(), cp: run('cp', ['-r', tree, join(work, `rebuild-out-cp-${round}`)]), floor: run(process.execPath, [join(here, 'lib/statFloor.js'), tree]) }
  written.unchanged.push(results.assetmap.info.written)
  if (round > 0) for (const [tool, result] of Object.entries(results)) (samples.unchanged[tool].push(result.ms), cpu.unchanged[tool].push(result.cpu))
  // A new image, as an editor saves it; both tools then rebuild.
  writeFileSync(image, Buffer.concat([originalImage, Buffer.from(`round ${round}`)]))
  const ours = assetmapBuild()
  const django = djangoBuild()
  written.image.push(ours.info.written)
  if (round > 0) for (const [tool, result] of Object.entries({ assetmap: ours, django })) (samples.image[tool].push(result.ms), cpu.image[tool].push(result.cpu))
}
writeFileSync(image, originalImage)

const m = (list) => median(list)
report({ name: `${count} files, nothing changed: assetmap rebuild vs Django collectstatic rerun`, ours: `${format(m(samples.unchanged.assetmap))} ms`, peer: `${format(m(samples.unchanged.django))} ms`, unit: '(median)', ratio: m(samples.unchanged.django) / m(samples.unchanged.assetmap), goal: { min: 20, text: 'Django/assetmap ≥ 20' } })
report({ name: `${count} files, nothing changed: assetmap rebuild vs cp -r`, ours: `${format(m(samples.unchanged.assetmap))} ms`, peer: `${format(m(samples.unchanged.cp))} ms`, unit: '(median)', ratio: m(samples.unchanged.assetmap) / m(samples.unchanged.cp), goal: { max: 1, text: 'assetmap/cp ≤ 1' } })
report({ name: `${count} files, nothing changed: assetmap rebuild vs Node walking and stat'ing the tree (the floor)`, ours: `${format(m(samples.unchanged.assetmap))} ms`, peer: `${format(m(samples.unchanged.floor))} ms`, unit: '(median)', ratio: m(samples.unchanged.assetmap) / m(samples.unchanged.floor) })
console.log(`  CPU (median): assetmap ${format(m(cpu.unchanged.assetmap))} ms, Django ${format(m(cpu.unchanged.django))} ms, cp ${format(m(cpu.unchanged.cp))} ms, floor ${format(m(cpu.unchanged.floor))} ms; files written by assetmap: ${written.unchanged.join(', ')}`)
report({ name: `${count} files, one image changed: assetmap rebuild vs Django collectstatic rerun`, ours: `${format(m(samples.image.assetmap))} ms`, peer: `${format(m(samples.image.django))} ms`, unit: '(median)', ratio: m(samples.image.django) / m(samples.image.assetmap), goal: { min: 20, text: 'Django/assetmap ≥ 20' } })
console.log(`  CPU (median): assetmap ${format(m(cpu.image.assetmap))} ms, Django ${format(m(cpu.image.django))} ms; files written by assetmap per round: ${written.image.join(', ')} (of ${count} files)`)

// --watch: from the write of a CSS file to a new manifest on disk.
const watchOut = join(work, 'rebuild-out-watch')
const child = spawn(process.execPath, [BIN, 'build', tree, '--out', watchOut, '--watch', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] })
process.on('exit', () => child.kill())
let lines = 0
child.stdout.on('data', (chunk) => (lines += String(chunk).split('\n').length - 1))
const manifest = join(watchOut, 'assetmap.json')
/** The manifest file's identity: a new manifest is renamed into place, so it changes with every write. */
const identity = () => {
  const stats = statSync(manifest, { throwIfNoEntry: false, bigint: true })
  return stats ? `${stats.ino}:${stats.mtimeNs}:${stats.size}` : ''
}
/** CPU time (user + system, ms) of the watch process so far, where /proc tells it (10 ms ticks). */
const watchCpu = () => {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}
/** Polls every millisecond (a busy loop would take a core from the watch it measures); fails after 30 s. */
const waitFor = async (check, what) => {
  const deadline = Date.now() + 30_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}
await waitFor(() => lines >= 1, 'the first --watch build')
const originalCss = readFileSync(css, 'utf8')
const latencies = []
const watchCpus = []
for (let round = 0; round <= ROUNDS; round++) {
  // Polled by its identity: reading 2 MB every millisecond would take CPU from the watch it measures.
  const before = identity()
  const builds = lines
  // Whole, as editors save: a temp file renamed over the old one.
  writeFileSync(cssTemp, `${originalCss}\n.watch-${round} { color: red }\n`)
  const cpuBefore = watchCpu()
  const start = process.hrtime.bigint()
  renameSync(cssTemp, css)
  await waitFor(() => identity() !== before, 'the new manifest')
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  await waitFor(() => lines > builds, 'the rebuild line')
  if (round > 0) (latencies.push(ms), watchCpus.push(watchCpu() - cpuBefore))
  // Past the build cache's write (1 s after the last build), which no save waits for.
  await new Promise((resolve) => setTimeout(resolve, 1200))
}
child.kill('SIGINT')
await new Promise((resolve) => child.on('exit', resolve))
writeFileSync(css, originalCss)
report({ name: `${count} files, --watch: CSS write to new manifest on disk`, ours: `${format(m(latencies))} ms`, peer: '150 ms', unit: '(median; goal)', ratio: m(latencies) / 150, goal: { max: 1, text: 'latency/150 ms ≤ 1' } })
console.log(`  all rounds (ms): ${latencies.map((ms) => format(ms)).join(' ')}; CPU of the watch per rebuild (median, 10 ms ticks): ${format(m(watchCpus))} ms`)
clean()
