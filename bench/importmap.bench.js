// The cascade, measured: on a generated tree of 500 ES modules (a layered import graph, each module
// importing 1 to 3 modules of deeper layers), one module is changed and rebuilt incrementally,
// in rewrite mode (the default: specifiers rewritten to hashed names) and in import-map mode
// (`--importmap`: specifiers left as written). For each mode: the files the rebuild wrote, and the
// bytes a browser that had the last release cached downloads again (every module whose URL
// changed). Figures for the median module and for the worst one (the deepest leaf) of
// BENCH_SAMPLES changed modules, with the ratio; the import map's own size (inline in every
// page) is printed beside them. Counts, not timings: one run gives the figures.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { buildCommand } from '../packages/cli/dist/index.js'
import { createAssets } from '../packages/runtime/dist/index.js'
import { format, median } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work', 'importmap')
const MODULES = Number(process.env.BENCH_MODULES ?? 500)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 25)
const LAYERS = 8

/** A seeded generator: the same tree on every run. */
function random(seed) {
  let state = seed
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
}

/** Module i of layer l imports 1-3 modules of deeper layers; the last layer holds the leaves. */
function generateModules(dir) {
  const next = random(28)
  const layerOf = (index) => Math.floor((index * LAYERS) / MODULES)
  const name = (index) => `m${String(index).padStart(3, '0')}.js`
  const imports = []
  for (let index = 0; index < MODULES; index++) {
    const deeper = []
    for (let other = index + 1; other < MODULES; other++) if (layerOf(other) > layerOf(index)) deeper.push(other)
    const count = deeper.length === 0 ? 0 : 1 + Math.floor(next() * 3)
    const targets = new Set()
    for (let n = 0; n < count; n++) targets.add(deeper[Math.floor(next() * Math.min(deeper.length, MODULES / LAYERS * 1.5))])
    imports.push([...targets])
  }
  mkdirSync(dir, { recursive: true })
  for (let index = 0; index < MODULES; index++) {
    const lines = imports[index].map((target, n) => `import { value as v${n} } from './${name(target)}'`)
    // A module of a realistic size (about 1.5 KB): the bytes a browser downloads again are counted.
    const body = Array.from({ length: 12 }, (_, n) => `export function f${n}(x) {\n  return x * ${n + 1} + ${index} // ${'work '.repeat(14)}\n}`).join('\n')
    writeFileSync(join(dir, name(index)), `${lines.join('\n')}\nexport const value = ${index}${imports[index].map((_, n) => ` + v${n}`).join('')}\n${body}\n`)
  }
  return { imports, name }
}

/** How many modules import `index`, directly or not: what a change to it renames in rewrite mode. */
function importersOf(imports, index) {
  const importers = new Map()
  imports.forEach((targets, from) => targets.forEach((to) => importers.set(to, [...(importers.get(to) ?? []), from])))
  const seen = new Set()
  const queue = [index]
  while (queue.length > 0) for (const from of importers.get(queue.pop()) ?? []) if (!seen.has(from)) (seen.add(from), queue.push(from))
  return seen.size
}

const manifestOf = (out) => JSON.parse(readFileSync(join(out, 'assetmap.json'), 'utf8'))

/** Builds the tree, changes `module`, rebuilds: the files written and the bytes of every module whose URL changed. */
async function oneChange(mode, src, out, file) {
  const options = { dirs: [src], out, keepOriginals: false, importMap: mode === 'import-map', onWarning: () => {} }
  await buildCommand(options)
  const before = manifestOf(out)
  const original = readFileSync(join(src, file))
  appendFileSync(join(src, file), '\nexport const changed = true\n')
  const { written } = await buildCommand(options)
  writeFileSync(join(src, file), original)
  const after = manifestOf(out)
  let bytes = 0
  for (const [name, path] of Object.entries(after.assets)) if (before.assets[name] !== path) bytes += after.files[path].size
  return { written, bytes }
}

rmSync(work, { recursive: true, force: true })
const src = join(work, 'src')
const { imports, name } = generateModules(src)
const next = random(7)
const candidates = Array.from({ length: SAMPLES }, () => Math.floor(next() * MODULES))
// The worst case: the module the most others import, directly or not.
let worst = 0
for (let index = 0; index < MODULES; index++) if (importersOf(imports, index) > importersOf(imports, worst)) worst = index
const results = { rewrite: [], 'import-map': [] }
for (const mode of Object.keys(results)) {
  for (const [n, index] of [...candidates, worst].entries()) {
    const out = join(work, `out-${mode}-${n}`)
    results[mode].push(await oneChange(mode, src, out, name(index)))
    rmSync(out, { recursive: true, force: true })
  }
}
const mapOut = join(work, 'out-map')
await buildCommand({ dirs: [src], out: mapOut, keepOriginals: false, importMap: true, onWarning: () => {} })
const mapAssets = createAssets({ manifest: join(mapOut, 'assetmap.json'), dev: false })
const mapText = mapAssets.importMap()
const mapBytes = Buffer.byteLength(mapText)
const mapGzip = gzipSync(mapText).byteLength
const bareMap = mapAssets.importMap([], { integrity: false })
const all = (mode, key) => results[mode].slice(0, SAMPLES).map((result) => result[key])
const last = (mode, key) => results[mode].at(-1)[key]

console.log(`\n${MODULES} modules in ${LAYERS} layers; one module changed, then an incremental rebuild (${SAMPLES} modules sampled, and the worst)`)
for (const [label, key, unit] of [['files rewritten', 'written', 'files'], ['bytes re-downloaded', 'bytes', 'bytes']]) {
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length
  for (const [which, pick] of [['median module', (mode) => median(all(mode, key))], ['mean of the sample', (mode) => mean(all(mode, key))], ['worst module', (mode) => last(mode, key)]]) {
    const rewrite = pick('rewrite')
    const map = pick('import-map')
    console.log(`  ${`${label}, ${which}`.padEnd(40)} rewrite mode ${format(rewrite).padStart(8)} ${unit}, import-map mode ${format(map).padStart(6)} ${unit}   ratio ${format(rewrite / map, 1)}x`)
  }
}
console.log(`  the import map itself, inline in every page: ${format(mapBytes)} bytes (${format(mapGzip)} gzipped) for ${MODULES} modules; ${format(Buffer.byteLength(bareMap))} (${format(gzipSync(bareMap).byteLength)} gzipped) without integrity`)
if (existsSync(work)) rmSync(work, { recursive: true, force: true })
