// `assetmap build` (the real CLI) on generated trees of 2,000 and 10,000 files against, in the same run, Django's
// collectstatic with ManifestStaticFilesStorage (Debian's python3-django, installed here if
// missing) and `cp -r` as the I/O floor. Each tool runs in a fresh process into a folder never
// used before. Nothing is deleted between timed runs: on ext4 (mounted with `discard` here) the
// first files created after a mass deletion wait for the freed blocks, which would charge the
// harness's cleanup to whichever tool runs next. Round 0 warms the page cache and is not counted.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const PYTHON = '/usr/bin/python3'
// The `assetmap` command as installed (`npx assetmap`), run as users run it.
const BIN = join(here, '../packages/cli/dist/bin.js')
const sizes = (process.env.BENCH_SIZES ?? '2000,10000').split(',').map(Number)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

function ensureDjango() {
  if (spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0) return
  console.log('installing Debian python3-django…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-django'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/** Runs a command; returns wall ms and the JSON it printed last, on stdout or stderr, if any. */
function run(command, args) {
  // Flush the previous tool's writes first, so no tool pays for another's writeback.
  spawnSync('sync')
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
  const last = (text) => text.trim().split('\n').at(-1) ?? ''
  const json = [last(result.stdout), last(result.stderr)].find((line) => line.startsWith('{'))
  return { ms, info: json ? JSON.parse(json) : {} }
}

/** Removes every output folder (untimed). */
function removeOutputs() {
  for (const name of existsSync(work) ? readdirSync(work) : []) if (name.startsWith('out-')) rmSync(join(work, name), { recursive: true, force: true })
  spawnSync('sync')
}

ensureDjango()
removeOutputs()
for (const size of sizes) {
  const tree = join(work, `tree-${size}`)
  const { files, bytes } = await generateTree(tree, size)
  console.log(`\ntree of ${files} files, ${format(bytes / 1024 / 1024, 1)} MiB`)
  const times = { assetmap: [], django: [], cp: [] }
  const memory = { assetmap: 0, django: 0 }
  let djangoVersion = ''
  // Alternate the tools each round so that drift on the machine hits all three alike.
  for (let round = 0; round <= ROUNDS; round++) {
    const out = (tool) => join(work, `out-${tool}-${size}-${round}`)
    const ours = run(process.execPath, ['--import', join(here, 'lib/reportPeakMemory.js'), BIN, 'build', tree, '--out', out('assetmap')])
    const django = run(PYTHON, [join(here, 'lib/collectstatic.py'), tree, out('django')])
    const cp = run('cp', ['-r', tree, out('cp')])
    djangoVersion = django.info.version
    if (round === 0) continue
    times.assetmap.push(ours.ms)
    times.django.push(django.ms)
    times.cp.push(cp.ms)
    memory.assetmap = Math.max(memory.assetmap, ours.info.maxRSSKiB)
    memory.django = Math.max(memory.django, django.info.maxRSSKiB)
  }
  const [a, d, c] = [median(times.assetmap), median(times.django), median(times.cp)]
  report({ name: `${files} files: assetmap build vs Django ${djangoVersion} collectstatic`, ours: `${format(a)} ms`, peer: `${format(d)} ms`, unit: '(median)', ratio: d / a, goal: { min: 10, text: 'Django/assetmap ≥ 10' } })
  report({ name: `${files} files: assetmap build vs cp -r`, ours: `${format(a)} ms`, peer: `${format(c)} ms`, unit: '(median)', ratio: a / c, goal: { max: 3, text: 'assetmap/cp ≤ 3' } })
  console.log(`${files} files: peak memory assetmap ${format(memory.assetmap / 1024, 1)} MiB, Django ${format(memory.django / 1024, 1)} MiB`)
  console.log(`${files} files: all rounds (ms): assetmap ${times.assetmap.map((ms) => format(ms)).join(' ')}; Django ${times.django.map((ms) => format(ms)).join(' ')}; cp ${times.cp.map((ms) => format(ms)).join(' ')}`)
}
removeOutputs()
if (!existsSync(work)) console.log('nothing ran')
