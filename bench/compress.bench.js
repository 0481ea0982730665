// Precompression of the 10,000-file generated tree against WhiteNoise (Debian's python3-whitenoise
// and python3-brotli, installed here if missing), in the same run, twice:
//  1. end to end: `assetmap build --compress br,gzip` vs Django's collectstatic with WhiteNoise's
//     CompressedManifestStaticFilesStorage (both hash, rewrite, then compress originals and hashed files);
//  2. compression alone, on two copies of one built output: `assetmap compress` vs
//     `python3 -m whitenoise.compress`.
// Each reports the time ratio and the total size of the variants each wrote.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTree } from './lib/generateTree.js'
import { format, median, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work/compress')
const PYTHON = '/usr/bin/python3'
const SIZE = Number(process.env.BENCH_SIZE ?? 10000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1)
const bin = join(here, '../packages/cli/dist/bin.js')

function ensurePython() {
  if (spawnSync(PYTHON, ['-c', 'import django, whitenoise, brotli'], { stdio: 'ignore' }).status === 0) return
  console.log('installing Debian python3-django python3-whitenoise python3-brotli…')
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'python3-django', 'python3-whitenoise', 'python3-brotli'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

function timed(command, args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

/** Count and total size of the .br and .gz files under a folder (not those of the manifests, which only whitenoise.compress compresses). */
function variants(dir) {
  const totals = { br: [0, 0], gz: [0, 0] }
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const kind = entry.name.endsWith('.br') ? 'br' : entry.name.endsWith('.gz') ? 'gz' : undefined
    if (!kind || !entry.isFile() || entry.name.startsWith('assetmap.json') || entry.parentPath.includes('.assetmap')) continue
    totals[kind][0]++
    totals[kind][1] += statSync(join(entry.parentPath, entry.name)).size
  }
  return totals
}

const describe = (totals) => `br ${totals.br[0]} files ${format(totals.br[1] / 1024 / 1024, 2)} MiB, gz ${totals.gz[0]} files ${format(totals.gz[1] / 1024 / 1024, 2)} MiB`
const total = (totals) => totals.br[1] + totals.gz[1]

ensurePython()
const tree = join(work, 'tree')
const { files, bytes } = await generateTree(tree, SIZE)
console.log(`tree of ${files} files, ${format(bytes / 1024 / 1024, 1)} MiB`)

// 1. End to end.
const ours = join(work, 'out-assetmap')
const theirs = join(work, 'out-whitenoise')
const endToEnd = { assetmap: [], whitenoise: [] }
for (let round = 0; round < ROUNDS; round++) {
  rmSync(ours, { recursive: true, force: true })
  endToEnd.assetmap.push(timed(process.execPath, [bin, 'build', tree, '--out', ours, '--compress', 'br,gzip', '--json']))
  rmSync(theirs, { recursive: true, force: true })
  endToEnd.whitenoise.push(timed(PYTHON, [join(here, 'lib/collectstatic.py'), tree, theirs, 'whitenoise.storage.CompressedManifestStaticFilesStorage']))
}
const [a, w] = [median(endToEnd.assetmap), median(endToEnd.whitenoise)]
console.log(`variants: assetmap ${describe(variants(ours))}; WhiteNoise ${describe(variants(theirs))}`)
report({ name: `${files} files end to end: assetmap build --compress vs collectstatic + WhiteNoise`, ours: `${format(a)} ms`, peer: `${format(w)} ms`, unit: '(median)', ratio: w / a, goal: { min: 3, text: 'WhiteNoise/assetmap ≥ 3' } })
report({ name: `${files} files end to end: total variant size assetmap vs WhiteNoise`, ours: `${format(total(variants(ours)))} B`, peer: `${format(total(variants(theirs)))} B`, unit: '', ratio: total(variants(ours)) / total(variants(theirs)), goal: { max: 1, text: 'assetmap/WhiteNoise ≤ 1' } })

// 2. Compression alone, on identical copies of one uncompressed build.
const plain = join(work, 'out-plain')
rmSync(plain, { recursive: true, force: true })
timed(process.execPath, [bin, 'build', tree, '--out', plain])
const alone = { assetmap: [], whitenoise: [] }
const copyA = join(work, 'compress-assetmap')
const copyW = join(work, 'compress-whitenoise')
for (let round = 0; round < ROUNDS; round++) {
  for (const copy of [copyA, copyW]) {
    rmSync(copy, { recursive: true, force: true })
    cpSync(plain, copy, { recursive: true })
  }
  alone.assetmap.push(timed(process.execPath, [bin, 'compress', copyA, '--encodings', 'br,gzip', '--json']))
  alone.whitenoise.push(timed(PYTHON, ['-m', 'whitenoise.compress', '-q', copyW]))
}
const [ca, cw] = [median(alone.assetmap), median(alone.whitenoise)]
console.log(`variants: assetmap ${describe(variants(copyA))}; WhiteNoise ${describe(variants(copyW))}`)
report({ name: `${files} files compression alone: assetmap compress vs whitenoise.compress`, ours: `${format(ca)} ms`, peer: `${format(cw)} ms`, unit: '(median)', ratio: cw / ca, goal: { min: 3, text: 'WhiteNoise/assetmap ≥ 3' } })
report({ name: `${files} files compression alone: total variant size`, ours: `${format(total(variants(copyA)))} B`, peer: `${format(total(variants(copyW)))} B`, unit: '', ratio: total(variants(copyA)) / total(variants(copyW)), goal: { max: 1, text: 'assetmap/WhiteNoise ≤ 1' } })
