import { randomBytes } from 'node:crypto'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildServed, rawRequest, startServe } from '../helpers/served.ts'

/** Both ways a file is sent: read once into the memory cache (and warmed first), and read from disk every time. */
const caches = [
  ['with the memory cache, warmed', {}],
  ['with memoryCache: 0', { memoryCache: 0 }],
] as const

/** A request whose Content-Length must equal the bytes that came before the server closed. */
async function get(origin: string, path: string, headers: Record<string, string> = {}) {
  const response = await rawRequest(origin, `/static/${path}`, { headers: { 'Accept-Encoding': 'identity', ...headers } })
  if (response.headers['content-length'] !== undefined) expect(response.body.byteLength, `${path}: Content-Length vs bytes sent`).toBe(Number(response.headers['content-length']))
  return response
}

describe('serveAssets: files changed under a running server', () => {
  it('sends a file over 1 MiB that grew in place with its new length, and ranges of it against the new size', async () => {
    const build = await buildServed('serve-changes-grow')
    const server = await startServe(build.assets)
    try {
      expect(Number((await get(server.origin, 'media/large.bin')).headers['content-length'])).toBe(build.large.byteLength)
      const extra = randomBytes(150_000)
      appendFileSync(join(build.out, 'media/large.bin'), extra)
      const grown = Buffer.concat([build.large, extra])
      const response = await get(server.origin, 'media/large.bin')
      expect(response.status).toBe(200)
      expect(response.body.equals(grown)).toBe(true)
      const tail = await get(server.origin, 'media/large.bin', { Range: 'bytes=-10' })
      expect(tail.status).toBe(206)
      expect(tail.headers['content-range']).toBe(`bytes ${grown.byteLength - 10}-${grown.byteLength - 1}/${grown.byteLength}`)
      expect(tail.body.equals(grown.subarray(-10))).toBe(true)
    } finally {
      await server.stop()
    }
  })

  it.each(caches)('sends a small file replaced atomically by a longer one whole (%s), with headers of the new file', async (_, options) => {
    const build = await buildServed('serve-changes-replace')
    const server = await startServe(build.assets, options)
    try {
      const first = await get(server.origin, 'robots.txt')
      expect(first.body.toString()).toBe('User-agent: *\nDisallow:\n')
      const longer = 'User-agent: *\nDisallow: /private/\nDisallow: /admin/\n'
      writeFileSync(join(build.out, 'robots.txt.tmp'), longer)
      renameSync(join(build.out, 'robots.txt.tmp'), join(build.out, 'robots.txt'))
      const second = await get(server.origin, 'robots.txt')
      expect(second.status).toBe(200)
      expect(second.body.toString()).toBe(longer)
      expect(second.headers.etag).not.toBe(first.headers.etag)
      // The old validator no longer matches: a client holding the old bytes gets the new ones.
      expect((await get(server.origin, 'robots.txt', { 'If-None-Match': first.headers.etag! })).status).toBe(200)
      expect((await get(server.origin, 'robots.txt', { 'If-None-Match': second.headers.etag! })).status).toBe(304)
    } finally {
      await server.stop()
    }
  })

  it.each(caches)('never follows a file or folder swapped for a symlink out of the root after start-up (%s)', async (_, options) => {
    const build = await buildServed('serve-changes-symlink')
    const outside = mkdtempSync(join(tmpdir(), 'outside-'))
    const secretDir = join(outside, 'js')
    mkdirSync(secretDir)
    writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE-SECRET\n')
    const css = build.path('css/app.css')
    const js = build.path('js/app.js')
    writeFileSync(join(secretDir, basename(js)), 'OUTSIDE-JS\n')
    const server = await startServe(build.assets, options)
    try {
      for (const path of ['robots.txt', css, js]) expect((await get(server.origin, path)).status, path).toBe(200)
      rmSync(join(build.out, 'robots.txt'))
      symlinkSync('/etc/passwd', join(build.out, 'robots.txt'))
      rmSync(join(build.out, css))
      symlinkSync(join(outside, 'secret.txt'), join(build.out, css))
      renameSync(join(build.out, dirname(js)), join(build.out, 'js-moved'))
      symlinkSync(secretDir, join(build.out, dirname(js)))
      for (const path of ['robots.txt', css, js]) {
        for (const encoding of ['identity', 'br, gzip']) {
          const response = await get(server.origin, path, { 'Accept-Encoding': encoding })
          expect(response.status, `${path} ${encoding}`).toBe(404)
          expect(response.body.toString(), path).not.toMatch(/root:x:0|OUTSIDE/)
        }
      }
    } finally {
      await server.stop()
    }
  })

  it('stops sending a precompressed variant once the file it was made from changed, and sends the new file', async () => {
    const build = await buildServed('serve-changes-variant')
    const server = await startServe(build.assets)
    try {
      // css/app.css is the unhashed original the build keeps beside the hashed copy; compress gave it a .br.
      expect((await get(server.origin, 'css/app.css', { 'Accept-Encoding': 'br' })).headers['content-encoding']).toBe('br')
      writeFileSync(join(build.out, 'css/app.css.tmp'), '.rebuilt { color: red }\n')
      renameSync(join(build.out, 'css/app.css.tmp'), join(build.out, 'css/app.css'))
      const response = await get(server.origin, 'css/app.css', { 'Accept-Encoding': 'br' })
      expect(response.headers['content-encoding']).toBeUndefined()
      expect(response.body.toString()).toBe('.rebuilt { color: red }\n')
    } finally {
      await server.stop()
    }
  })

  it('drops a cached file that was deleted: the memory cache never outlives the file it mirrors', async () => {
    const build = await buildServed('serve-changes-deleted')
    const server = await startServe(build.assets)
    const css = build.path('css/app.css')
    try {
      const bytes = readFileSync(join(build.out, css))
      expect((await get(server.origin, css)).body.equals(bytes)).toBe(true)
      rmSync(join(build.out, css))
      expect((await get(server.origin, css)).status).toBe(404)
      // Put back (a redeploy of the same build), it is served again.
      writeFileSync(join(build.out, css), bytes)
      expect((await get(server.origin, css)).body.equals(bytes)).toBe(true)
    } finally {
      await server.stop()
    }
  })
})
