import { describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import { createAssets, sendEarlyHints, validateManifest, type Manifest } from '@assetmap/runtime'
import { close, listen } from '../helpers/servers.ts'
import { rawGet } from '../helpers/rawHttp.ts'
import { thrown } from '../helpers/thrown.ts'

const SRI = 'sha384-AAAA'
const file = (size: number) => ({ size, integrity: SRI })

/** A manifest whose output paths hold what a Link header must never carry as it is. */
const manifest: Manifest = {
  version: 1,
  release: 'r1',
  base: '/static/',
  assets: {},
  entries: {
    'src/odd.ts': { type: 'module', js: ['js/a b>,<c;d.js'], css: ['css/ü"\n.css'], preload: ['js/x%y.js'], fonts: ['f/é.woff', 'f/é.woff2'], lazy: ['js/lazy</script>.js'] },
    'src/classic.js': { type: 'classic', js: ['js/one.js', 'js/two.js'], css: [], preload: [] },
  },
  files: { 'js/a b>,<c;d.js': file(1), 'css/ü"\n.css': file(2), 'js/x%y.js': file(3), 'f/é.woff': file(4), 'f/é.woff2': file(5), 'js/lazy</script>.js': file(6), 'js/one.js': file(7), 'js/two.js': file(8) },
}

describe('assets.hints(): Link values that are safe to send', () => {
  const assets = createAssets({ manifest, baseUrl: '/static/' })

  it('percent-encodes every URL inside <…>, so no value can end early, split the header or name another file', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(assets.hints('src/odd.ts', { fonts: true })).toEqual([
      `</static/css/%C3%BC%22%0A.css>; rel=preload; as=style; crossorigin; integrity="${SRI}"`,
      '</static/f/%C3%A9.woff2>; rel=preload; as=font; type=font/woff2; crossorigin',
      `</static/js/x%25y.js>; rel=modulepreload; crossorigin; integrity="${SRI}"`,
      `</static/js/a%20b%3E,%3Cc;d.js>; rel=modulepreload; crossorigin; integrity="${SRI}"`,
    ])
  })

  it('follows the tags: classic scripts are `preload as=script`, `crossorigin` and `integrity` as the options say', () => {
    expect(assets.hints('src/classic.js', { crossorigin: 'use-credentials', integrity: false })).toEqual([
      '</static/js/one.js>; rel=preload; as=script; crossorigin=use-credentials',
      '</static/js/two.js>; rel=preload; as=script; crossorigin=use-credentials',
    ])
    expect(assets.hints('src/classic.js', { crossorigin: false, integrity: false })).toEqual(['</static/js/one.js>; rel=preload; as=script', '</static/js/two.js>; rel=preload; as=script'])
  })

  it('lists each file once across entries, and fails on an unknown entry as the tags do', () => {
    expect(assets.hints(['src/classic.js', 'src/classic.js'], { integrity: false })).toHaveLength(2)
    expect(thrown(() => assets.hints('src/clasic.js'))).toMatchObject({ code: 'ENTRY_NOT_FOUND', message: expect.stringContaining('src/classic.js') })
  })

  it('under another base, a non-ASCII host is written in punycode, as the browser writes it', () => {
    expect(assets.withBase('https://cdn.exämple.com/s/').hints('src/classic.js', { integrity: false })[0]).toBe('<https://cdn.xn--exmple-cua.com/s/js/one.js>; rel=preload; as=script; crossorigin')
  })

  it('the global `fonts` option turns font hints on, a call turns them off', () => {
    const withFonts = createAssets({ manifest, baseUrl: '/static/', fonts: true })
    expect(withFonts.hints('src/odd.ts').filter((link) => link.includes('as=font'))).toHaveLength(1)
    expect(withFonts.hints('src/odd.ts', { fonts: false }).filter((link) => link.includes('as=font'))).toHaveLength(0)
  })
})

describe('sendEarlyHints()', () => {
  it('refuses a value that would split the header, naming it', () => {
    const response = { headersSent: false, getHeader: () => undefined, setHeader: () => undefined }
    expect(thrown(() => sendEarlyHints(response, ['</a.css>; rel=preload\r\nSet-Cookie: x=1']))).toMatchObject({ code: 'INVALID_OPTION', message: expect.stringContaining('Set-Cookie') })
  })

  it('keeps a Link the app set, sends nothing once the headers are out, and can skip the 103 or the final Link', async () => {
    const { origin, server } = await listen(
      createServer((req, res) => {
        res.setHeader('link', '</app.css>; rel=preload; as=style')
        const early = req.url !== '/no-103'
        sendEarlyHints(res, ['</static/x.js>; rel=modulepreload'], { early, final: req.url !== '/no-final' })
        res.writeHead(200)
        expect(sendEarlyHints(res, ['</static/late.js>; rel=modulepreload'])).toBe(false)
        res.end()
      }),
    )
    try {
      const both = await rawGet(origin, '/')
      expect(both.map((head) => [head.status, head.links])).toEqual([
        [103, ['</static/x.js>; rel=modulepreload']],
        [200, ['</app.css>; rel=preload; as=style', '</static/x.js>; rel=modulepreload']],
      ])
      expect((await rawGet(origin, '/no-103')).map((head) => head.status)).toEqual([200])
      // HTTP/1.0 has no 1xx: such a client would take the 103 for the response (RFC 9110, 15.2).
      expect((await rawGet(origin, '/', undefined, '1.0')).map((head) => [head.status, head.links.length])).toEqual([[200, 2]])
      expect((await rawGet(origin, '/no-final')).map((head) => head.links)).toEqual([['</static/x.js>; rel=modulepreload'], ['</app.css>; rel=preload; as=style']])
    } finally {
      await close(server)
    }
  })
})
