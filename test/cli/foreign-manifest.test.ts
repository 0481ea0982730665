import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildWithVite } from '../helpers/bundlers.ts'
import { runCliIn } from '../helpers/cli.ts'
import { fixture, fixturesDir, outputDir } from '../helpers/paths.ts'

describe('assetmap build into a folder whose manifest a bundler wrote', () => {
  it('refuses, naming the manifest and the fix, and leaves the bundler\'s manifest whole', async () => {
    const out = await outputDir('foreign-manifest')
    await buildWithVite(fixture('app'), out)
    const manifestPath = join(out, 'assetmap.json')
    const before = readFileSync(manifestPath, 'utf8')
    expect(Object.keys(JSON.parse(before).entries).length).toBeGreaterThan(0)

    const run = runCliIn(fixturesDir, 'build', 'static-site', '--out', out)
    expect(run.code, run.stdout).toBe(1)
    expect(run.stderr).toContain(`${manifestPath} was written by another build (it names`)
    expect(run.stderr).toContain("the plugin's `static` option")
    expect(run.stderr).toContain('another --out')
    expect(readFileSync(manifestPath, 'utf8')).toBe(before)
  })

  it('still rebuilds over a manifest that assetmap build wrote', async () => {
    const out = await outputDir('own-manifest')
    expect(runCliIn(fixturesDir, 'build', 'static-site', '--out', out).code).toBe(0)
    const again = runCliIn(fixturesDir, 'build', 'static-site', '--out', out)
    expect(again.code, again.stderr).toBe(0)
  })
})
