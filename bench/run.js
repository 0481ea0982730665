// Runs every benchmark in its own process, one after the other, so none warms or loads another.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const benches = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n## ${file}`)
  const result = spawnSync(process.execPath, [file], { cwd: dir, stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exitCode = failed ? 1 : 0
