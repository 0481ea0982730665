import { mkdir, open, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A deterministic pseudo-random generator, so every run builds the same tree. */
function random(seed) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** Sizes (bytes) of the two profiles: `small` files of a few KB, `large` files (2,000 of them make ~113 MB). */
const PROFILES = {
  small: { binary: (next) => 1024 + Math.floor(next() * 16 * 1024), css: () => 0, js: () => 0 },
  // 30% CSS of 1–60 KB, 30% JS of 10–200 KB, images up to 200 KB (most of them small, as on real sites).
  large: { binary: (next) => 512 + Math.floor(next() ** 3.5 * 200 * 1024), css: (next) => 1024 + Math.floor(next() * 59 * 1024), js: (next) => 10 * 1024 + Math.floor(next() * 190 * 1024) },
}

/** Filler text of about `size` bytes, different for each `seed`, for padding CSS and JS up to their size. */
function padding(size, seed, line) {
  const lines = []
  for (let i = 0, length = 0; length < size; i++) {
    const text = line(seed, i)
    lines.push(text)
    length += text.length + 1
  }
  return lines
}

/**
 * Writes a static tree of `count` files: ~30% CSS (each with a dozen url()s to images and fonts,
 * most with an @import), ~30% JS (ES modules importing each other), the rest images and fonts.
 * Every reference resolves, so Django's ManifestStaticFilesStorage accepts the tree too.
 * `profile: 'large'` pads CSS and JS and grows images to the sizes of `PROFILES.large`.
 */
export async function generateTree(dir, count, { profile = 'small' } = {}) {
  if (profile === 'stylesheet') return generateStylesheet(dir, count)
  const sizes = PROFILES[profile]
  if (!sizes) throw new Error(`generateTree: unknown profile ${profile}`)
  await rm(dir, { recursive: true, force: true })
  const next = random(count)
  const css = Math.floor(count * 0.3)
  const js = Math.floor(count * 0.3)
  const binary = count - css - js
  const images = Math.ceil(binary * 0.75)
  const perFolder = 200
  const pathOf = (kind, i, ext) => `${kind}/${Math.floor(i / perFolder)}/${kind}-${i}.${ext}`
  const binaries = []
  for (let i = 0; i < binary; i++) binaries.push(i < images ? pathOf('img', i, i % 3 === 0 ? 'svg' : 'png') : pathOf('fonts', i - images, 'woff2'))
  const files = []
  binaries.forEach((path) => {
    const size = sizes.binary(next)
    const bytes = Buffer.alloc(size)
    for (let b = 0; b < size; b++) bytes[b] = (next() * 256) | 0
    files.push([path, path.endsWith('.svg') ? `<svg xmlns="http://www.w3.org/2000/svg"><desc>${bytes.toString('hex', 0, 256)}</desc></svg>` : bytes])
  })
  for (let i = 0; i < css; i++) {
    const lines = []
    // One level of @import: Django gives up past 5 post-process passes on deeper chains.
    const base = i - (i % 10)
    if (base !== i) lines.push(`@import "../${Math.floor(base / perFolder)}/css-${base}.css";`)
    for (let r = 0; r < 12; r++) {
      const target = binaries[(next() * binaries.length) | 0]
      const rule = target.startsWith('fonts/')
        ? `@font-face { font-family: f${i}x${r}; src: url("../../${target}") format("woff2"); }`
        : `.c${i}-${r} { background: url(../../${target}) no-repeat; margin: ${r}px; }`
      lines.push(rule)
    }
    lines.push(`.text-${i} { color: #${((next() * 0xffffff) | 0).toString(16).padStart(6, '0')}; line-height: 1.5; }`)
    lines.push(...padding(sizes.css(next), i, (seed, n) => `.pad-${seed}-${n} { padding: ${n % 17}px ${seed % 13}px; border: 1px solid #${((seed * 7919 + n * 104729) % 0xffffff).toString(16).padStart(6, '0')}; }`))
    files.push([pathOf('css', i, 'css'), `${lines.join('\n')}\n`])
  }
  for (let i = 0; i < js; i++) {
    const lines = []
    for (const offset of [1, 2]) if (i - offset >= 0) lines.push(`import { value as v${offset} } from '../${Math.floor((i - offset) / perFolder)}/js-${i - offset}.js'`)
    lines.push(`export const value = ${i} + ${i >= 2 ? 'v1 + v2' : i === 1 ? 'v1' : '0'}`)
    lines.push(`export function describe() { return 'module ${i} '.repeat(${1 + (i % 20)}) }`)
    lines.push(...padding(sizes.js(next), i, (seed, n) => `export function f${n}(a, b) { return a * ${seed % 97} + b * ${n} - ${(seed * 31 + n * 17) % 1009} }`))
    files.push([pathOf('js', i, 'js'), `${lines.join('\n')}\n`])
  }
  const folders = new Set(files.map(([path]) => join(dir, path, '..')))
  for (const folder of folders) await mkdir(folder, { recursive: true })
  for (const [path, content] of files) await writeFile(join(dir, path), content)
  return { files: files.length, bytes: files.reduce((sum, [, content]) => sum + Buffer.byteLength(content), 0) }
}

/**
 * One stylesheet of `megabytes` MB (the 200 MB case) with a `url()` to an image every
 * 1,000 lines, and the image: what a build holds of one very large text file.
 */
async function generateStylesheet(dir, megabytes) {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'css'), { recursive: true })
  await mkdir(join(dir, 'img'), { recursive: true })
  const image = Buffer.from('not really a png')
  await writeFile(join(dir, 'img/a.png'), image)
  const block = padding(64 * 1024, 0, (seed, n) => (n % 1000 === 0 ? `.r-${n} { background: url(../img/a.png); }` : `.p-${n} { padding: ${n % 17}px; }`)).join('\n') + '\n'
  const handle = await open(join(dir, 'css/site.css'), 'w')
  let bytes = 0
  for (; bytes < megabytes * 1e6; bytes += block.length) await handle.write(block)
  await handle.close()
  return { files: 2, bytes: bytes + image.length }
}
