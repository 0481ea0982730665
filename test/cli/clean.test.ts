import { existsSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanCommand, publishCommand } from '@assetmap/cli'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { runCli } from '../helpers/cli.ts'
import { fixture, listOutput } from '../helpers/paths.ts'
import { buildReleases } from '../helpers/releases.ts'
import { startS3, type LocalS3 } from '../helpers/s3.ts'

/** Three releases built into one output dir; each release's app.css and manifest copy are back-dated a minute per step, so release 1 is the oldest. */
function threeReleases(label: string): Promise<{ out: string; manifests: Manifest[] }> {
  return buildReleases(label, 3, (manifest, release, out) => {
    const age = new Date(Date.now() - (4 - release) * 60_000)
    for (const path of [manifest.assets['css/app.css']!, `.assetmap/releases/r${release}.json`]) utimesSync(join(out, path), age, age)
  })
}

describe('assetmap clean on an output dir', () => {
  it('keeps the newest releases and removes only what nothing kept names', async () => {
    const { out, manifests } = await threeReleases('clean')
    const before = await listOutput(out)
    const dry = await runCli('clean', out, '--keep', '2', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain(`would remove ${manifests[0]!.assets['css/app.css']}\n`)
    expect(dry.stdout).toContain('kept releases r3, r2, dropped r1')
    expect(await listOutput(out)).toEqual(before)

    const summary = await cleanCommand({ dir: out, keep: 2 })
    expect(summary.remove).toEqual(['.assetmap/releases/r1.json', manifests[0]!.assets['css/app.css']])
    expect(await listOutput(out)).toEqual(before.filter((path) => path !== manifests[0]!.assets['css/app.css']))
    expect(existsSync(join(out, '.assetmap/releases/r1.json'))).toBe(false)
    // The kept releases still resolve every name to a file on disk.
    for (const release of ['r2', 'r3']) {
      const assets = createAssets({ manifest: join(out, 'assetmap.json'), release })
      for (const name of Object.keys(assets.manifest.assets)) expect(existsSync(join(out, assets.url(name).slice('/static/'.length))), `${release} ${name}`).toBe(true)
    }
    const last = await cleanCommand({ dir: out, keep: 1 })
    expect(last.remove).toEqual(['.assetmap/releases/r2.json', manifests[1]!.assets['css/app.css']])
    expect(existsSync(join(out, manifests[2]!.assets['css/app.css']!))).toBe(true)
  })

  it('spares files younger than --age, and keeps their release manifest so a later clean finds them', async () => {
    const { out, manifests } = await threeReleases('clean-age')
    const summary = await cleanCommand({ dir: out, keep: 1, age: '150s' })
    // r1's CSS is 3 minutes old, r2's 2 minutes: only r1 goes.
    expect(summary.remove).toEqual(['.assetmap/releases/r1.json', manifests[0]!.assets['css/app.css']])
    expect(summary.spared).toEqual([manifests[1]!.assets['css/app.css']])
    expect(existsSync(join(out, '.assetmap/releases/r2.json'))).toBe(true)
    expect((await cleanCommand({ dir: out, keep: 1 })).remove).toEqual(['.assetmap/releases/r2.json', manifests[1]!.assets['css/app.css']])
  })

  it('names a truncated release copy and says what to do, removing nothing', async () => {
    const { out } = await threeReleases('clean-broken')
    writeFileSync(join(out, '.assetmap/releases/broken.json'), '{"version":1,"rel')
    const before = await listOutput(out)
    for (const args of [['--keep', '1'], ['--keep', '1', '--orphans', '--age', '1h']]) {
      const run = await runCli('clean', out, ...args)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(join(out, '.assetmap/releases/broken.json'))
      expect(run.stderr).toContain('delete it or rebuild that release')
      expect(run.stderr).not.toMatch(/^\s+at /m)
    }
    expect(await listOutput(out)).toEqual(before)
    await expect(cleanCommand({ dir: out, keep: 1 })).rejects.toMatchObject({ code: 'MANIFEST_INVALID', value: [join(out, '.assetmap/releases/broken.json')] })
  })

  it('rejects bad --keep and --age values and folders without releases', async () => {
    expect((await runCli('clean', 'dist', '--keep', '0')).code).toBe(2)
    expect((await runCli('clean', 'dist')).stderr).toContain('clean needs --keep')
    const orphansWithoutAge = await runCli('clean', 'dist', '--keep', '1', '--orphans')
    expect(orphansWithoutAge.code).toBe(2)
    expect(orphansWithoutAge.stderr).toContain('clean --orphans needs --age (such as --age 1h): younger files may belong to a build still running')
    await expect(cleanCommand({ dir: fixture('served'), keep: 1, age: 'soon' })).rejects.toMatchObject({ code: 'INVALID_OPTION', value: 'soon' })
    await expect(cleanCommand({ dir: fixture('served'), keep: 1 })).rejects.toMatchObject({ code: 'MANIFEST_NOT_FOUND' })
  })
})

describe('assetmap clean on a bucket', () => {
  let s3: LocalS3

  beforeAll(async () => {
    s3 = await startS3()
  })
  afterAll(() => s3?.stop())

  it('removes a dropped release from the bucket after publishes of three releases', async () => {
    const { out, manifests } = await threeReleases('clean-s3')
    await publishCommand({ dir: out, to: `s3://${s3.bucket}/static`, endpoint: s3.endpoint })
    const before = await s3.keys('static/')
    expect(before).toContain(manifests[0]!.assets['css/app.css'])
    const run = await runCli('clean', '--to', `s3://${s3.bucket}/static`, '--endpoint', s3.endpoint, '--keep', '2')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`removed ${manifests[0]!.assets['css/app.css']}\n`)
    expect(await s3.keys('static/')).toEqual(before.filter((key) => key !== manifests[0]!.assets['css/app.css'] && key !== '.assetmap/releases/r1.json'))
  })
})
