// The cost of naming a build: url() and a page's entryTags() through createAssets({ builds })
// against the same calls on a single-build app, in the same run.
import { createAssets } from '@assetmap/runtime'
import { format, opsPerSecond, report } from './lib/measure.js'

const NAMES = 1000
/** A manifest of `NAMES` stylesheets and one entry per 10 of them, each loading its own chunk and a shared one. */
function manifestOf(release) {
  const assets = {}
  const files = { 'assets/shared.js': { size: 100, integrity: 'sha384-AAAA' } }
  const entries = {}
  for (let i = 0; i < NAMES; i++) {
    const output = `css/file-${i}.${i.toString(16).padStart(12, '0')}.css`
    assets[`css/file-${i}.css`] = output
    files[output] = { size: 100, integrity: 'sha384-AAAA' }
    if (i % 10 === 0) {
      files[`assets/entry-${i}.js`] = { size: 100, integrity: 'sha384-BBBB' }
      entries[`src/entry-${i}.js`] = { type: 'module', js: [`assets/entry-${i}.js`], css: [output], preload: ['assets/shared.js'] }
    }
  }
  return { version: 1, release, base: '/static/', assets, entries, files }
}

const single = createAssets({ manifest: manifestOf('one'), baseUrl: '/static/' })
const several = createAssets({ manifest: manifestOf('one'), baseUrl: '/static/', builds: { admin: { manifest: manifestOf('two'), baseUrl: '/admin/' } } })
const names = Object.keys(single.manifest.assets)
const entries = Object.keys(single.manifest.entries)
let sink = 0

// One loop per target, written out: loops made by one factory share V8's type feedback, and the
// calls of the second target would look polymorphic.
const admin = several.build('admin')
const urlSingle = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += single.url(names[i]).length
}, { batch: names.length })
const urlDefault = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += several.url(names[i]).length
}, { batch: names.length })
const urlAdmin = opsPerSecond(() => {
  for (let i = 0; i < names.length; i++) sink += admin.url(names[i]).length
}, { batch: names.length })

// A page per render, as Nunjucks and assetLocals make one: every entry's tags, once each file.
const pageSingle = opsPerSecond(() => {
  const page = single.page()
  for (const entry of entries) sink += page.entryTags(entry).length
}, { batch: 1 })
const pageSeveral = opsPerSecond(() => {
  const page = several.page()
  const pageAdmin = page.build('admin')
  for (let i = 0; i < entries.length; i++) sink += (i % 2 ? pageAdmin : page).entryTags(entries[i]).length
}, { batch: 1 })

report({ name: 'url() of the default build of several vs a single build', ours: `${format(urlDefault / 1e6, 1)}M`, peer: `${format(urlSingle / 1e6, 1)}M`, unit: 'lookups/s', ratio: urlSingle / urlDefault, goal: { max: 1.5, text: 'single/several ≤ 1.5' } })
report({ name: "url() of build('admin') vs a single build", ours: `${format(urlAdmin / 1e6, 1)}M`, peer: `${format(urlSingle / 1e6, 1)}M`, unit: 'lookups/s', ratio: urlSingle / urlAdmin, goal: { max: 1.5, text: 'single/admin ≤ 1.5' } })
report({ name: `a page of ${entries.length} entries over two builds vs one build`, ours: format(pageSeveral, 0), peer: format(pageSingle, 0), unit: 'pages/s', ratio: pageSingle / pageSeveral, goal: { max: 1.5, text: 'single/several ≤ 1.5' } })
if (sink === 0) console.log('')
