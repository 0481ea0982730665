import { randomUUID } from 'node:crypto'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { createAssets } from '@assetmap/runtime'
import { fixture, outputDir } from '../helpers/paths.ts'
import { rawRequest, startServe } from '../helpers/served.ts'

// The served root is <work>/static. Outside it: <work>/secret.txt, a sibling folder that shares
// the root's name as a prefix (<work>/static-evil), and /etc/passwd. Inside it: symlinks out.
const marker = `TOPSECRET-${randomUUID()}`
const outsideTargets = ['secret.txt', 'static-evil/secret.txt', 'etc/passwd']
const climbs = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%e0%80%ae%e0%80%ae', '%uff0e%uff0e', '..%00', '...', '..%20']
const separators = ['/', '%2f', '%2F', '\\', '%5c', '%5C', '%252f', '%c0%af', '//', '/./']

/** Malformed percent-encoding (overlong or cut-short UTF-8, %u escapes, a stray %) or a NUL is a 400; any other miss is a 404. */
function expectedStatus(target: string): number {
  return /%c0|%e0%80|%f0%80|%u|%00|%zz|%e2%82$|%$/i.test(target) ? 400 : 404
}

function corpus(): string[] {
  const targets = new Set<string>()
  for (const climb of climbs) {
    for (const separator of separators) {
      for (const outside of outsideTargets) {
        const depth = outside === 'etc/passwd' ? 6 : 1
        targets.add(`/static/${`${climb}${separator}`.repeat(depth)}${outside.replace('/', separator)}`)
      }
    }
  }
  for (const special of [
    '/static//etc/passwd',
    '/static/%2fetc%2fpasswd',
    '/static/%2Fetc/passwd',
    '/static/\\etc\\passwd',
    '/static/C:\\Windows\\win.ini',
    '/static/C:%5cWindows%5cwin.ini',
    '/static/file:///etc/passwd',
    '/static-evil/secret.txt',
    '/static/../static-evil/secret.txt',
    '/static/%2e%2e/static-evil/secret.txt',
    '/static/..%2fstatic-evil%2fsecret.txt',
    '/static/link-out.txt',
    '/static/link-dir/secret.txt',
    '/static/link-dir%2fsecret.txt',
    '/static/.secret',
    '/static/%2esecret',
    '/static/.%73ecret',
    '/static/robots.txt%00.css',
    '/static/robots.txt%00',
    '/static/%00',
    '/static/%',
    '/static/%zz',
    '/static/%e2%82',
    '/static/.assetmap/releases',
    '/static/assetmap.json',
    '/static/css/../../secret.txt',
    '/static/./../secret.txt',
    '/../secret.txt',
    '/static/..;/secret.txt',
    '/static/..%3b/secret.txt',
    'http://127.0.0.1/static/../secret.txt',
    '/static/%252e%252e/%252e%252e/etc/passwd',
    '/static/%25%32%65%25%32%65/secret.txt',
    '/static/..%u2215secret.txt',
    '/static/%C0%AE%C0%AE%C0%AFsecret.txt',
    '/static/%F0%80%80%AE%F0%80%80%AE/secret.txt',
  ]) {
    targets.add(special)
  }
  return [...targets]
}

describe('serveAssets: never a byte from outside the root', () => {
  let server: Awaited<ReturnType<typeof startServe>>
  let work: string

  beforeAll(async () => {
    work = await outputDir('serve-security')
    const root = join(work, 'static')
    await buildCommand({ dirs: [fixture('served')], out: root, compress: ['gzip'], onWarning: () => {} })
    writeFileSync(join(work, 'secret.txt'), `${marker}\n`)
    mkdirSync(join(work, 'static-evil'))
    writeFileSync(join(work, 'static-evil/secret.txt'), `${marker}\n`)
    symlinkSync(join(work, 'secret.txt'), join(root, 'link-out.txt'))
    symlinkSync(join(work, 'static-evil'), join(root, 'link-dir'))
    server = await startServe(createAssets({ manifest: join(root, 'assetmap.json') }))
  })
  afterAll(() => server.stop())

  it('is tested with more than 200 hostile paths', () => {
    expect(corpus().length).toBeGreaterThanOrEqual(200)
  })

  it('answers every hostile path with its exact status and without an outside byte', async () => {
    const targets = corpus()
    const failures: string[] = []
    for (let index = 0; index < targets.length; index += 25) {
      await Promise.all(
        targets.slice(index, index + 25).map(async (target) => {
          const response = await rawRequest(server.origin, target, { headers: { 'Accept-Encoding': 'gzip' } })
          const body = response.body.toString('latin1')
          const expected = expectedStatus(target)
          if (response.status !== expected) failures.push(`${target}: ${response.status}, expected ${expected}`)
          if (body.includes(marker) || body.includes('root:x:0:0') || body.includes('SECRET-DOTFILE')) failures.push(`${target}: sent outside bytes`)
        }),
      )
    }
    expect(failures).toEqual([])
  })

  it('still decodes legitimate escapes inside the root (so the corpus is not passing by refusing everything)', async () => {
    expect((await rawRequest(server.origin, '/static/robots%2etxt')).status).toBe(200)
    expect((await rawRequest(server.origin, '/static/%72obots.txt')).body.toString()).toBe('User-agent: *\nDisallow:\n')
  })

  it('lets Node refuse a raw NUL or a space in the request line', async () => {
    expect((await rawRequest(server.origin, '/static/robots.txt\0')).status).toBe(400)
    expect((await rawRequest(server.origin, '/static/../secret.txt HTTP/1.1\r\nX: y')).status).toBe(404)
  })
})

describe('serveAssets: symlinks inside the root obey the dotfile and manifest rules', () => {
  let work: string
  let root: string

  beforeAll(async () => {
    work = await outputDir('serve-security-links')
    root = join(work, 'static')
    await buildCommand({ dirs: [fixture('served')], out: root, onWarning: () => {} })
    writeFileSync(join(root, '.env'), 'SECRET-DOTFILE=1\n')
    mkdirSync(join(root, '.private'))
    writeFileSync(join(root, '.private/key.txt'), 'SECRET-DOTFILE=2\n')
    symlinkSync(join(root, '.env'), join(root, 'innocent.txt'))
    symlinkSync('.private/key.txt', join(root, 'relative.txt'))
    symlinkSync(join(root, 'assetmap.json'), join(root, 'manifest-copy.json'))
    symlinkSync('assetmap.json', join(root, 'data.json'))
  })

  it('answers 404 for a link whose target is a dotfile, a file in a dot-folder or the manifest, whatever its own name', async () => {
    const server = await startServe(createAssets({ manifest: join(root, 'assetmap.json') }))
    try {
      for (const path of ['innocent.txt', 'relative.txt', 'manifest-copy.json', 'data.json', 'assetmap.json', '.env']) {
        const response = await rawRequest(server.origin, `/static/${path}`)
        expect(response.status, path).toBe(404)
        expect(response.body.toString(), path).not.toMatch(/SECRET-DOTFILE|"release"/)
      }
      expect((await rawRequest(server.origin, '/static/robots.txt')).status).toBe(200)
    } finally {
      await server.stop()
    }
  })

  it('never serves the manifest when the root is a folder above it', async () => {
    const server = await startServe(createAssets({ manifest: join(root, 'assetmap.json') }), { root: work, prefix: '/' })
    try {
      for (const path of ['/static/assetmap.json', '/static/manifest-copy.json', '/static/innocent.txt']) {
        const response = await rawRequest(server.origin, path)
        expect(response.status, path).toBe(404)
        expect(response.body.toString(), path).not.toMatch(/SECRET-DOTFILE|"release"/)
      }
      expect((await rawRequest(server.origin, '/static/robots.txt')).status).toBe(200)
    } finally {
      await server.stop()
    }
  })
})
