import { spawn, spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { outputDir, repoRoot } from './paths.ts'
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

/** The CLI as a real process in `cwd` (where relative arguments land), synchronously; one still running after 10 s, such as a watch, is killed (`code` null). */
export function runCliIn(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 10_000, env: { ...process.env, CI: '1' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** A new project folder (under test/.output) holding `static/app.css`, for runs of the CLI in it. */
export async function projectWithStatic(label: string): Promise<string> {
  const cwd = await outputDir(label)
  await mkdir(join(cwd, 'static'))
  await writeFile(join(cwd, 'static/app.css'), 'body{color:red}\n')
  return cwd
}
