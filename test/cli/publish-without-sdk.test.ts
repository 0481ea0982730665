import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixture, repoRoot } from '../helpers/paths.ts'

/**
 * @assetmap/cli installed into a project outside the repository without the AWS SDK (an optional
 * peer): its own files copied, its dependencies linked, and no @aws-sdk anywhere Node
 * looks from there.
 */
describe('@aws-sdk/client-s3 is an optional peer of @assetmap/cli', () => {
  let project: string
  let bin: string
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x' } })

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'assetmap-no-sdk-'))
    const scope = join(project, 'node_modules/@assetmap')
    mkdirSync(join(scope, 'cli'), { recursive: true })
    for (const entry of ['package.json', 'dist']) cpSync(join(repoRoot, 'packages/cli', entry), join(scope, 'cli', entry), { recursive: true })
    // Every dependency the CLI declares, linked: its @assetmap siblings from packages/, the rest from the repository's node_modules.
    const { dependencies } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const name of Object.keys(dependencies)) {
      const link = join(project, 'node_modules', name)
      mkdirSync(dirname(link), { recursive: true })
      symlinkSync(name.startsWith('@assetmap/') ? join(repoRoot, 'packages', name.slice('@assetmap/'.length)) : join(repoRoot, 'node_modules', name), link, 'dir')
    }
    bin = join(scope, 'cli/dist/bin.js')
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('@aws-sdk/client-s3')"], { cwd: join(scope, 'cli'), encoding: 'utf8' })
    expect(probe.stderr, 'the SDK must not resolve from the test project').toContain('ERR_MODULE_NOT_FOUND')
  })
  afterAll(() => rmSync(project, { recursive: true, force: true }))

  it('declares the SDK as an optional peer, not a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8'))
    expect(pkg.dependencies['@aws-sdk/client-s3']).toBeUndefined()
    expect(pkg.peerDependencies['@aws-sdk/client-s3']).toMatch(/^\^3\./)
    expect(pkg.peerDependenciesMeta['@aws-sdk/client-s3']).toEqual({ optional: true })
  })

  it('builds and cleans a folder without it', () => {
    const built = run('build', fixture('served'), '--out', 'out')
    expect(built.status, built.stderr).toBe(0)
    const cleaned = run('clean', 'out', '--keep', '1')
    expect(cleaned.status, cleaned.stderr).toBe(0)
  })

  it('says what to install when publish or clean --to s3:// needs it', () => {
    run('build', fixture('served'), '--out', 'out')
    for (const args of [
      ['publish', 'out', '--to', 's3://assets/static', '--endpoint', 'http://127.0.0.1:9'],
      ['clean', '--to', 's3://assets/static', '--endpoint', 'http://127.0.0.1:9', '--keep', '1'],
    ]) {
      const failed = run(...args)
      expect(failed.status, args[0]).toBe(1)
      expect(failed.stderr).toContain('publish and clean --to s3:// need the AWS SDK, an optional peer of @assetmap/cli: npm install @aws-sdk/client-s3')
      expect(failed.stderr).not.toMatch(/^\s+at /m)
    }
  })

  // The same holds of @jspm/generator, the other optional peer: only `build --pin` needs it.
  it('builds in import-map mode without @jspm/generator, and says what to install when --pin needs it', () => {
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('@jspm/generator')"], { cwd: dirname(bin), encoding: 'utf8' })
    expect(probe.stderr, 'the generator must not resolve from the test project').toContain('ERR_MODULE_NOT_FOUND')
    const built = run('build', join(fixture('importmap-app'), 'static'), '--out', 'mapped', '--importmap')
    expect(built.status, built.stderr).toBe(0)
    const pinned = run('build', join(fixture('importmap-app'), 'static'), '--out', 'pinned', '--pin', 'lit')
    expect(pinned.status).toBe(1)
    expect(pinned.stderr).toContain('assetmap build --pin needs @jspm/generator, an optional peer of @assetmap/cli: npm install --save-dev @jspm/generator')
    expect(pinned.stderr).not.toMatch(/^\s+at /m)
  })
})
