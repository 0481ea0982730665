// `assetmap build` on generated trees of 2,000 and 10,000 files against, in the same run, Django's
// collectstatic with ManifestStaticFilesStorage (Debian's python3-django, installed here if
// missing) and `cp -r` as the I/O floor. Each tool runs in a fresh process into a fresh folder.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work')
const PYTHON = '/usr/bin/python3'
const sizes = (process.env.BENCH_SIZES ?? '2000,10000').split(',').map(Number)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

function ensureDjango() {
  if (spawnSync(PYTHON, ['-c', 'import django'], { stdio: 'ignore' }).status === 0) return
  console.log('installing Debian python3-django…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-django'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/** Runs a command into a fresh output folder; returns wall ms and the JSON it printed, if any. */
function run(command, args, out) {
  rmSync(out, { recursive: true, force: true })
  // Flush the deletions first, so no tool pays for the writeback of the previous one's files.
  spawnSync('sync')
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
  const last = result.stdout.trim().split('\n').at(-1)
  return { ms, info: last?.startsWith('{') ? JSON.parse(last) : {} }
}

ensureDjango()
for (const size of sizes) {
  const tree = join(work, `tree-${size}`)
  const { files, bytes } = await generateTree(tree, size)
  console.log(`\ntree of ${files} files, ${format(bytes / 1024 / 1024, 1)} MiB`)
  const times = { assetmap: [], django: [], cp: [] }
  const memory = { assetmap: 0, django: 0 }
  let djangoVersion = ''
  // Alternate the tools each round so that drift on the machine hits all three alike.
  for (let round = 0; round < ROUNDS; round++) {
    const ours = run(process.execPath, [join(here, 'lib/assetmapBuild.js'), tree, join(work, `out-assetmap-${size}`)], join(work, `out-assetmap-${size}`))
    times.assetmap.push(ours.ms)
    memory.assetmap = Math.max(memory.assetmap, ours.info.maxRSSKiB)
    const django = run(PYTHON, [join(here, 'lib/collectstatic.py'), tree, join(work, `out-django-${size}`)], join(work, `out-django-${size}`))
    times.django.push(django.ms)
    memory.django = Math.max(memory.django, django.info.maxRSSKiB)
    djangoVersion = django.info.version
    times.cp.push(run('cp', ['-r', tree, join(work, `out-cp-${size}`)], join(work, `out-cp-${size}`)).ms)
  }
  const [a, d, c] = [median(times.assetmap), median(times.django), median(times.cp)]
  report({ name: `${files} files: assetmap build vs Django ${djangoVersion} collectstatic`, ours: `${format(a)} ms`, peer: `${format(d)} ms`, unit: '(median)', ratio: d / a, goal: { min: 10, text: 'Django/assetmap ≥ 10' } })
  report({ name: `${files} files: assetmap build vs cp -r`, ours: `${format(a)} ms`, peer: `${format(c)} ms`, unit: '(median)', ratio: a / c, goal: { max: 3, text: 'assetmap/cp ≤ 3' } })
  console.log(`${files} files: peak memory assetmap ${format(memory.assetmap / 1024, 1)} MiB, Django ${format(memory.django / 1024, 1)} MiB`)
}
if (!existsSync(work)) console.log('nothing ran')
