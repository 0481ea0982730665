import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { bin, runCliIn } from '../helpers/cli.ts'
import { litProject } from '../helpers/importMapApp.ts'
import { outputDir } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

describe('two import-map builds of one project, each with its own --pin', () => {
  const children: ReturnType<typeof spawn>[] = []
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('a build of the admin folder pinning lit-html leaves the site’s watch (pinning lit) able to rebuild', async () => {
    const root = await litProject('importmap-two-pins')
    mkdirSync(join(root, 'admin/js'), { recursive: true })
    writeFileSync(join(root, 'admin/js/admin.js'), `import { html } from 'lit-html'\nexport const view = html\`<p>admin</p>\`\n`)
    const site = await outputDir('importmap-two-pins-site')
    const admin = await outputDir('importmap-two-pins-admin')
    const child = spawn(process.execPath, [bin, 'build', 'static', '--out', site, '--pin', 'lit', '--watch'], { cwd: root, env: { ...process.env, CI: '1' } })
    children.push(child)
    const output = { stdout: '', stderr: '' }
    child.stdout.on('data', (chunk) => (output.stdout += chunk))
    child.stderr.on('data', (chunk) => (output.stderr += chunk))
    await until(() => /^built: /m.test(output.stdout), `the first build (${output.stderr})`)

    const other = runCliIn(root, 'build', 'admin', '--out', admin, '--base', '/admin-static/', '--pin', 'lit-html')
    expect(other.code, other.stderr).toBe(0)
    writeFileSync(join(root, 'static/js/lib/extra.js'), 'export const extra = 1\n')
    await until(() => /^(rebuilt|error) /m.test(output.stdout + output.stderr), `a rebuild (${output.stdout} ${output.stderr})`)
    expect(output.stderr).toBe('')
    expect(output.stdout).toMatch(/^rebuilt after static\/js\/lib\/extra\.js: /m)
  })
})
