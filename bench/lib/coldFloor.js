// The least a cold build can do in Node, single-threaded as the engine is: walk the tree, read
// each file once, SHA-384 it (the digest the engine's names and SRI come from), write it under a
// hashed name and hard-link its original — nothing parsed, rewritten, cached or listed in a
// manifest. The collectstatic benchmark runs it beside `assetmap build`, so that the part of a
// build that is Node's I/O and hashing, and the part that is the engine's, are printed in one run.
//   node bench/lib/coldFloor.js <tree> <new output folder>
import { linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, extname, join, relative } from 'node:path'
import { createFileReader } from '../../packages/engine/dist/io/fileReader.js'

const [tree, out] = process.argv.slice(2)
// The engine's own reader (one reused buffer, open-read-close), so that the floor reads as it does.
const reader = createFileReader()
const folders = new Set()
let files = 0

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      walk(path)
      continue
    }
    const bytes = reader.read(path)
    const hash = createHash('sha384').update(bytes).digest('hex').slice(0, 12)
    const name = relative(tree, path)
    const extension = extname(name)
    const hashed = join(out, `${name.slice(0, name.length - extension.length)}.${hash}${extension}`)
    const folder = dirname(hashed)
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true })
      folders.add(folder)
    }
    writeFileSync(hashed, bytes)
    linkSync(hashed, join(out, name))
    files++
  }
}

walk(tree)
console.log(JSON.stringify({ files }))
