// `assetmap build` (the real CLI) on generated trees (2,000 and 10,000 small files, and 2,000 large files
// ≈ 114 MB: BENCH_TREES=2000,10000,large:2000) against, in the same run, Django's
// collectstatic with ManifestStaticFilesStorage (Debian's python3-django, installed here if
// missing), `cp -r` as the I/O floor, and the floor of a cold build in Node (bench/lib/coldFloor.js:
// read, SHA-384, write under a hashed name and link every file, nothing else). Each tool runs in a fresh process into a folder never
// used before. Nothing is deleted between timed runs: on ext4 (mounted with `discard` here) the
// first files created after a mass deletion wait for the freed blocks, which would charge the
// harness's cleanup to whichever tool runs next. Round 0 warms the page cache and is not counted.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'
import { timedRun } from './lib/timedRun.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const PYTHON = '/usr/bin/python3'
// The `assetmap` command as installed (`npx assetmap`), run as users run it.
const BIN = join(here, '../packages/cli/dist/bin.js')
const trees = (process.env.BENCH_TREES ?? process.env.BENCH_SIZES ?? '2000,10000,large:2000').split(',').map((spec) => {
  const [profile, size] = spec.includes(':') ? spec.split(':') : ['small', spec]
  return { profile, size: Number(size) }
})
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

function ensureDjango() {
  if (spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0) return
  console.log('installing Debian python3-django…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-django'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/** `timedRun`, with the JSON the command printed last on stdout, if any. */
function run(command, args) {
  const { stdout, ...result } = timedRun(command, args)
  const last = stdout.trim().split('\n').at(-1) ?? ''
  return { ...result, info: last.startsWith('{') ? JSON.parse(last) : {} }
}

/** Removes every output folder (untimed). */
function removeOutputs() {
  for (const name of existsSync(work) ? readdirSync(work) : []) if (name.startsWith('out-')) rmSync(join(work, name), { recursive: true, force: true })
  spawnSync('sync')
}

ensureDjango()
removeOutputs()
for (const { profile, size } of trees) {
  const tree = join(work, `tree-${profile}-${size}`)
  const { files: count, bytes } = await generateTree(tree, size, { profile })
  const files = `${count}${profile === 'small' ? '' : ` ${profile}`}`
  console.log(`\ntree of ${files} files, ${format(bytes / 1024 / 1024, 1)} MiB`)
  const times = { assetmap: [], django: [], cp: [], floor: [] }
  const cpu = { assetmap: [], django: [], cp: [], floor: [] }
  const memory = { assetmap: 0, django: 0, cp: 0, floor: 0 }
  let djangoVersion = ''
  // Alternate the tools each round so that drift on the machine hits all three alike.
  for (let round = 0; round <= ROUNDS; round++) {
    const out = (tool) => join(work, `out-${tool}-${profile}-${size}-${round}`)
    const ours = run(process.execPath, [BIN, 'build', tree, '--out', out('assetmap')])
    const django = run(PYTHON, [join(here, 'lib/collectstatic.py'), tree, out('django')])
    const cp = run('cp', ['-r', tree, out('cp')])
    const floor = run(process.execPath, [join(here, 'lib/coldFloor.js'), tree, out('floor')])
    djangoVersion = django.info.version
    if (round === 0) continue
    for (const [tool, result] of Object.entries({ assetmap: ours, django, cp, floor })) {
      times[tool].push(result.ms)
      cpu[tool].push(result.cpu)
      memory[tool] = Math.max(memory[tool], result.maxRSSKiB)
    }
  }
  const [a, d, c, f] = [median(times.assetmap), median(times.django), median(times.cp), median(times.floor)]
  report({ name: `${files} files: assetmap build vs Django ${djangoVersion} collectstatic`, ours: `${format(a)} ms`, peer: `${format(d)} ms`, unit: '(median)', ratio: d / a, goal: { min: 6, text: 'Django/assetmap ≥ 6' } })
  report({ name: `${files} files: assetmap build vs cp -r`, ours: `${format(a)} ms`, peer: `${format(c)} ms`, unit: '(median)', ratio: a / c })
  report({ name: `${files} files: assetmap build vs the Node floor (read, hash, write, link)`, ours: `${format(a)} ms`, peer: `${format(f)} ms`, unit: '(median)', ratio: a / f })
  // What the goal asks for, next to what no single Node process can go below.
  console.log(`${files} files: 6× Django would be ${format(d / 6)} ms; the Node floor is ${format(f)} ms (Django ÷ floor ${format(d / f, 1)}×)`)
  console.log(`${files} files: CPU (median) assetmap ${format(median(cpu.assetmap))} ms, Django ${format(median(cpu.django))} ms, cp ${format(median(cpu.cp))} ms, floor ${format(median(cpu.floor))} ms`)
  console.log(`${files} files: peak memory assetmap ${format(memory.assetmap / 1024, 1)} MiB (goal ≤ 64), Django ${format(memory.django / 1024, 1)} MiB, cp ${format(memory.cp / 1024, 1)} MiB, floor ${format(memory.floor / 1024, 1)} MiB`)
  console.log(`${files} files: all rounds (ms): assetmap ${times.assetmap.map((ms) => format(ms)).join(' ')}; Django ${times.django.map((ms) => format(ms)).join(' ')}; cp ${times.cp.map((ms) => format(ms)).join(' ')}; floor ${times.floor.map((ms) => format(ms)).join(' ')}`)
}
removeOutputs()
if (!existsSync(work)) console.log('nothing ran')
