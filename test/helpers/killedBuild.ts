import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { bin } from './cli.ts'

/** The real CLI building `tree` into `out`, SIGKILLed as soon as 50 new files appear in `out`, before its manifest is written. */
export async function killedBuild(tree: string, out: string): Promise<void> {
  const folders = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
  const count = (): number => folders.reduce((sum, folder) => sum + readdirSync(folder).length, 0)
  const before = count()
  const child = spawn(process.execPath, [bin, 'build', tree, '--out', out], { stdio: 'ignore' })
  let running = true
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false))
  while (running && count() < before + 50) await new Promise((resolve) => setTimeout(resolve, 2))
  expect(running, 'the build ended before it could be killed').toBe(true)
  child.kill('SIGKILL')
  await exited
}
