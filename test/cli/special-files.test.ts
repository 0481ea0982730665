import { spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectWithStatic, runCli } from '../helpers/cli.ts'

async function staticWith(label: string): Promise<{ root: string; dir: string }> {
  const root = await projectWithStatic(label)
  return { root, dir: join(root, 'static') }
}

// The walk stats such a file: Node 20's module resolver then loses the realpath of the next
// package it loads through a symlink (npm workspaces), which loaded a second copy of the runtime.
describe('assetmap build on a static folder holding a FIFO or a socket', () => {
  it('a FIFO: one line naming it and what to do (exit 1), no trace', async () => {
    const { root, dir } = await staticWith('cli-fifo')
    expect(spawnSync('mkfifo', [join(dir, 'pipe')]).status).toBe(0)
    const run = await runCli('build', dir, '--out', join(root, 'out'))
    expect(run.code).toBe(1)
    expect(run.stderr).toBe(`assetmap: static: ${join(dir, 'pipe')} is a FIFO. Only regular files and folders are copied: remove it from the static dir.\n`)
  })

  it('a socket: the same', async () => {
    const { root, dir } = await staticWith('cli-socket')
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(join(dir, 'app.sock'), resolve))
    try {
      const run = await runCli('build', dir, '--out', join(root, 'out'))
      expect(run.code).toBe(1)
      expect(run.stderr).toBe(`assetmap: static: ${join(dir, 'app.sock')} is a socket. Only regular files and folders are copied: remove it from the static dir.\n`)
    } finally {
      server.close()
    }
  })
})
