// The cost of an unknown name on a 100,000-asset manifest: url() of a typo (close names from a
// bounded index) against a hit, and against scoring every name (what a miss cost before).
import { createAssets } from '@assetmap/runtime'
import { closestNames } from '@assetmap/runtime/internal'
import { format, opsPerSecond, report } from './lib/measure.js'

const NAMES = 100_000
const assets = {}
const files = {}
for (let i = 0; i < NAMES; i++) {
  const name = `img/set-${i % 100}/icon-${i}.png`
  const output = `img/set-${i % 100}/icon-${i}.${i.toString(16).padStart(12, '0')}.png`
  assets[name] = output
  files[output] = { size: 100, integrity: 'sha384-AAAA' }
}
const manifest = { version: 1, release: 'bench', base: '/static/', assets, entries: {}, files }
const resolver = createAssets({ manifest, dev: false })
const known = Object.keys(assets)
const typos = Array.from({ length: 20 }, (_, i) => `img/set-${i}/icon-${i * 7}.pgn`)

let sink = 0
const miss = (name) => {
  try {
    resolver.url(name)
  } catch (error) {
    sink += error.message.length
  }
}
const firstMissStart = process.hrtime.bigint()
miss(typos[0])
const firstMissMs = Number(process.hrtime.bigint() - firstMissStart) / 1e6

const hits = opsPerSecond(() => {
  for (let i = 0; i < 1000; i++) sink += resolver.url(known[i]).length
}, { batch: 1000 })
const misses = opsPerSecond(() => {
  for (const name of typos) miss(name)
}, { batch: typos.length })
const unbounded = opsPerSecond(() => {
  sink += closestNames(typos[1], known).length
}, { batch: 1, rounds: 3, minMs: 500 })

console.log(`first miss (builds the close-name index once per manifest): ${format(firstMissMs, 1)} ms`)
report({ name: 'miss vs hit', ours: `${format(misses)}`, peer: `${format(hits)}`, unit: 'lookups/s', ratio: hits / misses })
report({ name: 'miss (bounded index) vs scoring every name (before)', ours: `${format(1000 / misses, 3)} ms`, peer: `${format(1000 / unbounded, 1)} ms`, unit: 'per miss', ratio: misses / unbounded })
if (sink === 0) console.log('')
