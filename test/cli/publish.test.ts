import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DeleteObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand, compressCommand, publishCommand } from '@assetmap/cli'
import { fixture, listOutput, outputDir, readManifest } from '../helpers/paths.ts'
import { bin, runCli } from '../helpers/cli.ts'
import { buildReleases } from '../helpers/releases.ts'
import { s3Env, startS3, type LocalS3 } from '../helpers/s3.ts'

/** Every key publish should put in the bucket: the whole output dir, manifests included. */
async function expectedKeys(out: string): Promise<string[]> {
  const releases = (await readManifest(out)).release
  return [...(await listOutput(out)), 'assetmap.json', `.assetmap/releases/${releases}.json`].sort()
}

describe('assetmap publish to S3-compatible storage (s3rver on 127.0.0.1, the real AWS SDK)', () => {
  let s3: LocalS3
  let out: string

  beforeAll(async () => {
    s3 = await startS3()
    out = await outputDir('publish')
    await buildCommand({ dirs: [fixture('served')], out, onWarning: () => {} })
    await compressCommand({ dir: out, encodings: ['br', 'gzip'] })
  })
  afterAll(() => s3?.stop())

  it('uploads the whole build with the right headers, manifests last', async () => {
    const summary = await publishCommand({ dir: out, to: `s3://${s3.bucket}/static`, endpoint: s3.endpoint })
    expect(summary.skipped).toBe(0)
    expect(await s3.keys('static/')).toEqual(await expectedKeys(out))
    const manifest = await readManifest(out)
    const css = manifest.assets['css/app.css']!

    const hashed = await s3.head(`static/${css}`)
    expect([hashed.ContentType, hashed.CacheControl, hashed.ContentEncoding]).toEqual(['text/css; charset=utf-8', 'public, max-age=31536000, immutable', undefined])
    const br = await s3.head(`static/${css}.br`)
    expect([br.ContentType, br.CacheControl, br.ContentEncoding]).toEqual(['text/css; charset=utf-8', 'public, max-age=31536000, immutable', 'br'])
    const original = await s3.head('static/css/app.css.gz')
    expect([original.ContentType, original.CacheControl, original.ContentEncoding]).toEqual(['text/css; charset=utf-8', 'public, max-age=60', 'gzip'])
    expect((await s3.head(`static/${manifest.assets['img/dot.png']}`)).ContentType).toBe('image/png')
    const root = await s3.head('static/assetmap.json')
    expect([root.ContentType, root.CacheControl]).toEqual(['application/json; charset=utf-8', 'no-cache'])

    // Objects hold the exact bytes (S3's ETag of a single-part upload is their MD5).
    for (const key of await listOutput(out)) {
      const md5 = createHash('md5').update(readFileSync(join(out, key))).digest('hex')
      expect((await s3.head(`static/${key}`)).ETag, key).toBe(`"${md5}"`)
    }
    const order = s3.created.filter((key) => key.startsWith('static/'))
    expect(order.at(-1)).toBe('static/assetmap.json')
    expect(order.at(-2)).toBe(`static/.assetmap/releases/${manifest.release}.json`)
  })

  it('uploads nothing the second time (one listing, content-addressed names)', async () => {
    const before = s3.created.length
    const summary = await publishCommand({ dir: out, to: `s3://${s3.bucket}/static`, endpoint: s3.endpoint })
    expect(summary.uploaded).toEqual([])
    expect(summary.skipped).toBe((await expectedKeys(out)).length)
    expect(s3.created.length).toBe(before)
  })

  it('checks only what the bucket manifest does not vouch for, unless --verify lists everything', async () => {
    writeFileSync(join(out, 'humans.txt'), 'people\n')
    const css = (await readManifest(out)).assets['css/app.css']!
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `static/${css}` }))
    const trusting = await publishCommand({ dir: out, to: `s3://${s3.bucket}/static`, endpoint: s3.endpoint })
    // A file no manifest names is found missing (one HEAD) and uploaded; the deleted hashed file is vouched for by the manifest.
    expect(trusting.uploaded.map((upload) => upload.key)).toEqual(['humans.txt'])
    const verified = await publishCommand({ dir: out, to: `s3://${s3.bucket}/static`, endpoint: s3.endpoint, verify: true })
    expect(verified.uploaded.map((upload) => upload.key)).toEqual([css])
    expect(await s3.keys('static/')).toEqual(await expectedKeys(out))
  })

  it('lists the plan with --dry-run and uploads nothing', async () => {
    const run = await runCli('publish', out, '--to', `s3://${s3.bucket}/dry`, '--endpoint', s3.endpoint, '--dry-run')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('would upload assetmap.json (new')
    expect(run.stdout).toMatch(/would upload \d+ objects/)
    expect(await s3.keys('dry/')).toEqual([])
  })

  it('completes an interrupted publish when run again, with nothing missing or duplicated', async () => {
    const big = await outputDir('publish-big')
    const tree = await outputDir('publish-tree')
    const { generateTree } = await import('../../bench/lib/generateTree.js')
    await generateTree(tree, 400)
    await buildCommand({ dirs: [tree], out: big, onWarning: () => {} })
    const target = `s3://${s3.bucket}/interrupted`
    const child = spawn(process.execPath, [bin, 'publish', big, '--to', target, '--endpoint', s3.endpoint, '--concurrency', '2'], { env: { ...process.env, ...s3Env }, stdio: 'ignore' })
    let running = true
    const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => (running = false))
    while (running && s3.created.filter((key) => key.startsWith('interrupted/')).length < 20) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(running, 'publish ended before it could be interrupted').toBe(true)
    child.kill('SIGKILL')
    await exited
    const partial = await s3.keys('interrupted/')
    const all = await expectedKeys(big)
    expect(partial.length).toBeGreaterThan(0)
    expect(partial.length).toBeLessThan(all.length)
    // The manifest goes last, so no published manifest names a missing object.
    expect(partial).not.toContain('assetmap.json')

    const rerun = await publishCommand({ dir: big, to: target, endpoint: s3.endpoint })
    expect(rerun.skipped + rerun.uploaded.length).toBe(all.length)
    // What was there is not sent again, except an object cut off by the kill (its size is wrong).
    expect(rerun.uploaded.length).toBeGreaterThanOrEqual(all.length - partial.length)
    expect(rerun.uploaded.length).toBeLessThanOrEqual(all.length - partial.length + 2)
    expect(await s3.keys('interrupted/')).toEqual(all)
    for (const key of all) {
      const md5 = createHash('md5').update(readFileSync(join(big, key))).digest('hex')
      expect((await s3.head(`interrupted/${key}`)).ETag, key).toBe(`"${md5}"`)
    }
  })

  it('refuses, before uploading anything, a build whose manifest names missing or altered files', async () => {
    const broken = await outputDir('publish-missing')
    await buildCommand({ dirs: [fixture('served')], out: broken, onWarning: () => {} })
    await compressCommand({ dir: broken, encodings: ['br', 'gzip'] })
    const manifest = await readManifest(broken)
    const css = manifest.assets['css/app.css']!
    const js = manifest.assets['js/app.js']!
    const greet = manifest.assets['js/greet.js']!
    rmSync(join(broken, css))
    rmSync(join(broken, `${js}.br`))
    const altered = readFileSync(join(broken, greet))
    altered[0] = altered[0]! ^ 1
    writeFileSync(join(broken, greet), altered)
    for (const extra of [[], ['--verify'], ['--dry-run']]) {
      const run = await runCli('publish', broken, '--to', `s3://${s3.bucket}/missing`, '--endpoint', s3.endpoint, ...extra)
      expect(run.code, extra.join(' ')).toBe(1)
      expect(run.stderr).toContain(`${css}: missing`)
      expect(run.stderr).toContain(`${js}.br: missing (a br variant the manifest records)`)
      expect(run.stderr).toContain(`${greet}: bytes do not match the manifest's integrity`)
      expect(run.stderr).toContain('rebuild')
      expect(await s3.keys('missing/')).toEqual([])
    }
    await expect(publishCommand({ dir: broken, to: `s3://${s3.bucket}/missing`, endpoint: s3.endpoint })).rejects.toMatchObject({
      code: 'MANIFEST_INVALID',
      value: [css, `${js}.br`, greet].sort(),
    })
    expect(await s3.keys('missing/')).toEqual([])
  })

  it('leaves out, with a warning, an older release copy whose files this folder no longer holds', async () => {
    const { out: two, manifests } = await buildReleases('publish-withheld', 2)
    const first = manifests[0]!
    rmSync(join(two, first.assets['css/app.css']!))
    const run = await runCli('publish', two, '--to', `s3://${s3.bucket}/withheld`, '--endpoint', s3.endpoint)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain("warning: release r1's manifest copy was not uploaded: it names files this folder no longer holds")
    const keys = await s3.keys('withheld/')
    expect(keys).toContain('.assetmap/releases/r2.json')
    expect(keys).not.toContain('.assetmap/releases/r1.json')
    expect(keys).toContain('assetmap.json')
  })

  it("never uploads the dev server's note (assetmap.dev.json)", async () => {
    const dev = await outputDir('publish-dev')
    await buildCommand({ dirs: [fixture('served')], out: dev, onWarning: () => {} })
    writeFileSync(join(dev, 'assetmap.dev.json'), '{"url":"http://localhost:5173/","pid":1}\n')
    await publishCommand({ dir: dev, to: `s3://${s3.bucket}/dev`, endpoint: s3.endpoint })
    const keys = await s3.keys('dev/')
    expect(keys).toContain('assetmap.json')
    expect(keys).not.toContain('assetmap.dev.json')
  })

  it('names a truncated release copy and refuses to publish', async () => {
    const copy = await outputDir('publish-broken-copy')
    await buildCommand({ dirs: [fixture('served')], out: copy, onWarning: () => {} })
    writeFileSync(join(copy, '.assetmap/releases/broken.json'), '{"version":1,"rel')
    const run = await runCli('publish', copy, '--to', `s3://${s3.bucket}/broken-copy`, '--endpoint', s3.endpoint)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(join(copy, '.assetmap/releases/broken.json'))
    expect(run.stderr).toContain('delete it or rebuild that release')
    expect(await s3.keys('broken-copy/')).toEqual([])
  })

  it('names the problem when the target is not an S3 location or the folder has no build', async () => {
    await expect(publishCommand({ dir: out, to: 'https://bucket/static', endpoint: s3.endpoint })).rejects.toMatchObject({ code: 'INVALID_OPTION', value: 'https://bucket/static' })
    const empty = await outputDir('publish-empty')
    await expect(publishCommand({ dir: empty, to: `s3://${s3.bucket}/x`, endpoint: s3.endpoint })).rejects.toMatchObject({ code: 'MANIFEST_NOT_FOUND' })
  })
})
