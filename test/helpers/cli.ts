import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './paths.ts'
import { s3Env } from './s3.ts'

export const bin = join(repoRoot, 'packages/cli/dist/bin.js')

/** The CLI as a real process, run asynchronously: an S3 server in this process must keep answering meanwhile. */
export function runCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...s3Env, CI: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
