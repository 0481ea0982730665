import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nginxCommand } from '@assetmap/cli'
import { locationLines, startNginx } from '../helpers/nginx.js'
import { outputDir, repoRoot } from '../helpers/paths.ts'
import { buildServed, rawRequest, startServe, type ServedBuild } from '../helpers/served.ts'

// docs/serving.md says the nginx recipe is the middleware's policy: what one hides, the other must.
describe('assetmap nginx: Debian nginx hides what @assetmap/serve hides', () => {
  let build: ServedBuild
  let nginx: Awaited<ReturnType<typeof startNginx>>
  let serve: Awaited<ReturnType<typeof startServe>>
  let map: string

  const HIDDEN = [
    'assetmap.json',
    'assetmap.dev.json',
    'sub/assetmap.json',
    'sub/deeper/assetmap.dev.json',
    '.env',
    'sub/.secret',
    '.assetmap/releases/r1.json',
    'css/.hidden.css',
    'link-out.txt',
    'link-dot.txt',
    'link-manifest.json',
    'sub/link-dotfolder.json',
    'css/',
  ]

  beforeAll(async () => {
    build = await buildServed('nginx-policy')
    const root = build.out
    mkdirSync(join(root, 'sub/deeper'), { recursive: true })
    writeFileSync(join(root, 'sub/assetmap.json'), '{"secret": "a manifest below the root"}\n')
    writeFileSync(join(root, 'assetmap.dev.json'), '{"url": "http://10.0.0.5:5173/"}\n')
    writeFileSync(join(root, 'sub/deeper/assetmap.dev.json'), '{"url": "http://10.0.0.5:5173/"}\n')
    writeFileSync(join(root, '.env'), 'SECRET=1\n')
    writeFileSync(join(root, 'sub/.secret'), 'secret\n')
    writeFileSync(join(root, 'css/.hidden.css'), 'body{}\n')
    mkdirSync(join(root, '.assetmap/releases'), { recursive: true })
    writeFileSync(join(root, '.assetmap/releases/r1.json'), '{}\n')
    const outside = join(await outputDir('nginx-policy-outside'), 'secret.txt')
    writeFileSync(outside, 'outside the root\n')
    symlinkSync(outside, join(root, 'link-out.txt'))
    symlinkSync(join(root, '.env'), join(root, 'link-dot.txt'))
    symlinkSync(join(root, 'assetmap.json'), join(root, 'link-manifest.json'))
    symlinkSync(join(root, '.assetmap/releases/r1.json'), join(root, 'sub/link-dotfolder.json'))
    symlinkSync(join(root, 'robots.txt'), join(root, 'link-in.txt'))
    const work = await outputDir('nginx-policy-conf')
    map = join(work, 'assetmap.conf')
    writeFileSync(map, nginxCommand({ dir: root, location: '/static/' }))
    nginx = await startNginx({ root, location: '/static/', map, work: join(work, 'nginx') })
    serve = await startServe(build.assets)
  })
  afterAll(async () => {
    await nginx?.stop()
    await serve?.stop()
  })

  it.each(HIDDEN)('%s: a 404 (no-cache) from both', async (path) => {
    for (const [server, origin] of [['nginx', nginx.origin], ['serve', serve.origin]] as const) {
      const response = await rawRequest(origin, `/static/${path}`)
      expect(response.status, `${server} ${path}`).toBe(404)
      expect(response.headers['cache-control'], `${server} ${path}`).toBe('no-cache')
    }
  })

  it('still serves the files both serve, with the same caching and CORS', async () => {
    for (const path of ['robots.txt', build.path('css/app.css'), build.path('js/app.js')]) {
      const [fromNginx, fromServe] = await Promise.all([rawRequest(nginx.origin, `/static/${path}`), rawRequest(serve.origin, `/static/${path}`)])
      expect([fromNginx.status, fromServe.status], path).toEqual([200, 200])
      expect(fromNginx.body.equals(fromServe.body), path).toBe(true)
      for (const header of ['cache-control', 'access-control-allow-origin', 'x-content-type-options']) {
        expect(fromNginx.headers[header], `${header} ${path}`).toBe(fromServe.headers[header])
      }
    }
  })

  it('is the recipe docs/serving.md shows: every location line the header names is in it', () => {
    const docs = readFileSync(join(repoRoot, 'docs/serving.md'), 'utf8')
    const lines = locationLines(map)
    expect(lines.length).toBeGreaterThan(3)
    for (const line of lines) expect(docs, line).toContain(`      ${line}`)
  })

  it('follows no symlink below the root, not even one the middleware would serve (nginx cannot tell where a link leads)', async () => {
    expect((await rawRequest(serve.origin, '/static/link-in.txt')).status).toBe(200)
    expect((await rawRequest(nginx.origin, '/static/link-in.txt')).status).toBe(404)
  })
})
