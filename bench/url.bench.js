// url() calls per second against a bare Map.get over the same names, in the same run.
import { createAssets } from '@assetmap/runtime'
import { format, opsPerSecond, report } from './lib/measure.js'

const NAMES = 1000
const assets = {}
const files = {}
for (let i = 0; i < NAMES; i++) {
  const output = `css/file-${i}.${i.toString(16).padStart(12, '0')}.css`
  assets[`css/file-${i}.css`] = output
  files[output] = { size: 100, integrity: 'sha384-AAAA' }
}
const manifest = { version: 1, release: 'bench', base: '/static/', assets, entries: {}, files }
const resolver = createAssets({ manifest, baseUrl: 'https://cdn.example.com/static/' })
const names = Object.keys(assets)
const map = new Map(names.map((name) => [name, `https://cdn.example.com/static/${assets[name]}`]))

let sink = 0
const viaMap = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += map.get(names[i]).length
}, { batch: names.length })
const viaUrl = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += resolver.url(names[i]).length
}, { batch: names.length })
const tenant = resolver.withBase('https://tenant.example.com/static/')
const viaView = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += tenant.url(names[i]).length
}, { batch: names.length })

report({ name: 'url() vs Map.get', ours: `${format(viaUrl / 1e6, 1)}M`, peer: `${format(viaMap / 1e6, 1)}M`, unit: 'lookups/s', ratio: viaMap / viaUrl, goal: { max: 2, text: 'Map.get/url() ≤ 2' } })
report({ name: 'withBase view url() vs Map.get', ours: `${format(viaView / 1e6, 1)}M`, peer: `${format(viaMap / 1e6, 1)}M`, unit: 'lookups/s', ratio: viaMap / viaView })
if (sink === 0) console.log('')
