import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** README blocks that only make sense in a fresh clone of the repository (test/repo/fresh-clone.test.ts runs them). */
export const FRESH_CLONE_BLOCKS = {
  demo: 'npm install && npm run demo',
  cdn: 'CDN_PORT=3001 ASSETMAP_BASE_URL=http://127.0.0.1:3001/static/ npm run serve',
} as const

/** One fenced block of a README, as written. */
export interface Block {
  lang: string
  code: string
  /** Its first line: what tests know it by. */
  id: string
  line: number
}

/** Every fenced block of `<root>/README.md` (or of another page of the repository), read now (never a copy kept in a test). */
export function readmeBlocks(root: string, page = 'README.md'): Block[] {
  const blocks: Block[] = []
  const lines = readFileSync(join(root, page), 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!)
    if (!open) continue
    const start = i
    while (++i < lines.length && lines[i] !== '```');
    blocks.push({ lang: open[1]!, code: `${lines.slice(start + 1, i).join('\n')}\n`, id: lines[start + 1]!.trim(), line: start + 1 })
  }
  return blocks
}

/** The code of the block whose first line is `id`. */
export function readmeBlock(root: string, id: string, page = 'README.md'): string {
  const found = readmeBlocks(root, page).find((block) => block.id === id)
  if (!found) throw new Error(`${page} has no block starting with ${JSON.stringify(id)}`)
  return found.code
}

/** A command run to its end, asynchronously: an S3 server or npm in this process must keep going meanwhile. */
export function runToEnd(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, CI: '1', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Runs a shell block as written: bash, stopping at the first failing command. */
export function runShellBlock(code: string, cwd: string, env: NodeJS.ProcessEnv = {}): ReturnType<typeof runToEnd> {
  return runToEnd('bash', ['-euo', 'pipefail', '-c', code], cwd, env)
}

/** A long-running command (a server) in its own process group, with its output kept for failure messages. */
export interface Started {
  child: ChildProcess
  output(): string
  /** Resolves once `url` answers 200; rejects with the output if the process exits first or `timeoutMs` passes. */
  ready(url: string, timeoutMs: number): Promise<void>
  /** Ends the whole process group (npm and the server it started). */
  stop(): Promise<void>
}

export function start(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Started {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return {
    child,
    output: () => output,
    async ready(url, timeoutMs) {
      const deadline = Date.now() + timeoutMs
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited before ${url} answered:\n${output}`)
        if (await fetch(url).then((response) => response.ok, () => false)) return
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${output}`)
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      process.kill(-child.pid!, 'SIGTERM')
      await exited
    },
  }
}
