import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand, cleanCommand, inspectCommand, publishCommand } from '@assetmap/cli'
import type { Manifest } from '@assetmap/runtime'
import { generateTree } from '../../bench/lib/generateTree.js'
import { ageFiles } from '../helpers/ageFiles.ts'
import { runCli } from '../helpers/cli.ts'
import { killedBuild } from '../helpers/killedBuild.ts'
import { outputDir, readManifest } from '../helpers/paths.ts'
import { buildReleases } from '../helpers/releases.ts'
import { startS3, type LocalS3 } from '../helpers/s3.ts'

/** Every file under `dir` (POSIX paths relative to it), `.assetmap/` and `assetmap.json` included. */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort()
}

/** The paths a manifest accounts for: its files, its static originals, and their variants. */
function named(manifests: Manifest[]): Set<string> {
  const paths = new Set<string>()
  for (const manifest of manifests) {
    for (const path of [...Object.keys(manifest.files), ...Object.keys(manifest.assets)]) for (const suffix of ['', '.br', '.gz', '.zst']) paths.add(path + suffix)
  }
  return paths
}

/** Files the manifests in `out` do not account for (manifests and `.assetmap/` aside). */
function unnamed(out: string, manifests: Manifest[]): string[] {
  const keep = named(manifests)
  return allFiles(out).filter((path) => path !== 'assetmap.json' && !path.startsWith('.assetmap/') && !keep.has(path))
}

/** Every CSS and JS file of the tree gets new content, so a build writes new hashed names for them. */
function touchSources(tree: string, round: number): void {
  for (const path of allFiles(tree)) if (/\.(css|js)$/.test(path)) writeFileSync(join(tree, path), `${readFileSync(join(tree, path), 'utf8')}/* round ${round} */\n`)
}

describe('assetmap clean --orphans: files of killed builds', () => {
  it('removes, listing them, the files three killed builds left, and nothing any manifest names', async () => {
    const tree = await outputDir('orphans-tree')
    const out = await outputDir('orphans')
    await generateTree(tree, 1500)
    await buildCommand({ dirs: [tree], out, release: 'r1', onWarning: () => {} })
    const manifest = await readManifest(out)
    for (let round = 1; round <= 3; round++) {
      touchSources(tree, round)
      await killedBuild(tree, out)
    }
    expect(await readManifest(out)).toEqual(manifest)
    const orphans = unnamed(out, [manifest])
    expect(orphans.length).toBeGreaterThan(50)

    // Release cleaning alone leaves them: no manifest names them.
    expect((await cleanCommand({ dir: out, keep: 1 })).remove).toEqual([])
    expect(unnamed(out, [manifest])).toEqual(orphans)

    // Fresh files may belong to a build still running: --age spares them.
    const young = await runCli('clean', out, '--keep', '1', '--orphans', '--age', '1h')
    expect(young.code, young.stderr).toBe(0)
    expect(young.stdout).toContain(`${orphans.length} files younger than --age stay`)
    expect(unnamed(out, [manifest])).toEqual(orphans)

    // Two hours later, they are old enough.
    ageFiles(out, 2 * 3_600_000)
    const dry = await runCli('clean', out, '--keep', '1', '--orphans', '--age', '1h', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    for (const path of orphans) expect(dry.stdout).toContain(`would remove ${path} (named by no manifest)\n`)
    expect(unnamed(out, [manifest])).toEqual(orphans)

    const run = await runCli('clean', out, '--keep', '1', '--orphans', '--age', '1h', '--json')
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ remove: orphans, orphans, dryRun: false })
    expect(unnamed(out, [manifest])).toEqual([])
    // Every file the manifest names is still there, byte for byte, and so is its release copy.
    expect((await inspectCommand({ manifest: join(out, 'assetmap.json'), check: true })).problems).toEqual([])
    expect(existsSync(join(out, '.assetmap/releases/r1.json'))).toBe(true)
  }, 240_000)

  it('never removes what a kept release copy names, nor dot-files, and collects stale temp files of interrupted writes', async () => {
    const { out, manifests } = await buildReleases('orphans-kept', 2)
    const first = manifests[0]!
    writeFileSync(join(out, '.htaccess'), 'Header set X-Kept yes\n')
    writeFileSync(join(out, 'assetmap.dev.json'), '{"url":"http://localhost:5173/","pid":1}\n')
    writeFileSync(join(out, 'css/.app.css.4242.0.7.tmp'), '.half')
    writeFileSync(join(out, 'css/left-over.0123456789ab.css'), '.killed {}\n')
    ageFiles(out, 2 * 3_600_000)
    const summary = await cleanCommand({ dir: out, keep: 2, orphans: true, age: '1h' })
    expect(summary.orphans).toEqual(['css/.app.css.4242.0.7.tmp', 'css/left-over.0123456789ab.css'])
    expect(summary.remove).toEqual(summary.orphans)
    expect(existsSync(join(out, first.assets['css/app.css']!))).toBe(true)
    expect(existsSync(join(out, '.htaccess'))).toBe(true)
    expect(existsSync(join(out, 'assetmap.dev.json'))).toBe(true)
    expect(existsSync(join(out, 'css/left-over.0123456789ab.css'))).toBe(false)
  })
})

describe('assetmap clean --orphans on a bucket', () => {
  let s3: LocalS3

  beforeAll(async () => {
    s3 = await startS3()
  })
  afterAll(() => s3?.stop())

  it('removes objects a killed publish left, which no manifest in the bucket names', async () => {
    const target = `s3://${s3.bucket}/static`
    let published: string[] = []
    const { out, manifests } = await buildReleases('orphans-s3', 2, async (_, release, dir) => {
      if (release > 1) return
      await publishCommand({ dir, to: target, endpoint: s3.endpoint })
      published = await s3.keys('static/')
    })
    // What a publish of r2 killed after its content stage leaves: objects, no manifest naming them.
    const second = manifests[1]!
    const left = [second.assets['css/app.css']!, 'css/app.css.partial']
    for (const key of left) await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `static/${key}`, Body: readFileSync(join(out, second.assets['css/app.css']!)) }))

    s3.age(2 * 3_600_000)
    const dry = await runCli('clean', '--to', target, '--endpoint', s3.endpoint, '--keep', '1', '--orphans', '--age', '1h', '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    for (const key of left) expect(dry.stdout).toContain(`would remove ${key} (named by no manifest)\n`)
    expect(await s3.keys('static/')).toEqual([...published, ...left].sort())

    const run = await runCli('clean', '--to', target, '--endpoint', s3.endpoint, '--keep', '1', '--orphans', '--age', '1h')
    expect(run.code, run.stderr).toBe(0)
    expect(await s3.keys('static/')).toEqual(published)
    expect(statSync(join(out, second.assets['css/app.css']!)).isFile()).toBe(true)
  })
})
