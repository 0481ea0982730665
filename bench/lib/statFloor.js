// The least a rebuild that trusts nothing but file stamps can do in Node: start, walk the tree and
// stat every file, nothing else. The rebuild benchmark runs it beside `assetmap build`, so that
// what assetmap adds to this floor is printed in the same run.
//   node bench/lib/statFloor.js <dir>
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

let files = 0
let sum = 0
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else {
      const stats = statSync(path)
      // Used, so that nothing is optimised away.
      sum += stats.size + stats.mtimeMs + stats.ino
      files++
    }
  }
}
walk(process.argv[2])
console.log(JSON.stringify({ files, sum }))
