// The per-render cost of resource hints: a page scope's entry tags alone (what every page pays
// already) against the same page that also computes its Link values for a 103, and against
// entry tags that also preload fonts and prefetch lazy chunks.
import { createAssets } from '@assetmap/runtime'
import { format, median, opsPerSecond, report } from './lib/measure.js'

// An entry of a mid-sized app: 3 stylesheets, 6 shared chunks, 2 fonts, 12 lazy files.
const file = (i) => ({ size: 1000 + i, integrity: `sha384-${'A'.repeat(60)}${String(i).padStart(4, '0')}` })
const paths = (prefix, count, ext) => Array.from({ length: count }, (_, i) => `assets/${prefix}-${i}-${(i * 7919).toString(36).padStart(8, 'x')}.${ext}`)
const entry = { type: 'module', js: paths('main', 1, 'js'), css: paths('style', 3, 'css'), preload: paths('chunk', 6, 'js'), fonts: paths('font', 2, 'woff2'), lazy: [...paths('route', 6, 'js'), ...paths('route', 6, 'css')] }
const all = [...entry.js, ...entry.css, ...entry.preload, ...entry.fonts, ...entry.lazy]
const files = Object.fromEntries(all.map((path, i) => [path, file(i)]))
const assets = createAssets({ manifest: { version: 1, release: 'bench', base: '/static/', assets: {}, entries: { 'src/main.ts': entry }, files }, dev: false })
const cdn = assets.withBase('https://cdn.example.com/static/')

const variants = {
  'entry tags': () => assets.page().entryTags('src/main.ts', { nonce: 'abc' }).length,
  'entry tags + hints()': () => {
    const page = assets.page()
    return page.hints('src/main.ts').length + page.entryTags('src/main.ts', { nonce: 'abc' }).length
  },
  'entry tags + hints() on a per-request CDN base': () => {
    const page = cdn.page()
    return page.hints('src/main.ts').length + page.entryTags('src/main.ts', { nonce: 'abc' }).length
  },
  'entry tags with fonts and prefetch + hints() with fonts': () => {
    const page = assets.page()
    return page.hints('src/main.ts', { fonts: true }).length + page.entryTags('src/main.ts', { nonce: 'abc', fonts: true, prefetch: 3 }).length
  },
}
for (const fn of Object.values(variants)) if (!(fn() > 0)) throw new Error('a variant rendered nothing')

// Alternate rounds so that drift on the machine hits every variant alike.
const rates = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (let round = 0; round < 41; round++) {
  for (const [name, fn] of Object.entries(variants)) rates[name].push(opsPerSecond(fn, { batch: 1, rounds: 1, minMs: 50 }))
}
const baseline = median(rates['entry tags'])
for (const [name, list] of Object.entries(rates)) {
  if (name === 'entry tags') continue
  const rate = median(list)
  // Hints are cached per view: a page pays a lookup and a copy. Fonts and prefetch write 13 more
  // URLs (23 against 10) and a script: their cost should stay in proportion to what they write.
  const goal = name.includes('prefetch') ? { max: 2.5, text: 'time ratio ≤ 2.5, the URLs written being 2.3 times as many' } : { max: 1.3, text: 'time ratio ≤ 1.3' }
  report({ name: `one page's ${name} vs its entry tags alone`, ours: format(rate), peer: format(baseline), unit: 'pages/s', ratio: baseline / rate, goal })
}
