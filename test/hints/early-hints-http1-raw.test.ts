import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Manifest } from '@assetmap/runtime'
import { buildHintsApp, HINTS_BUNDLERS } from '../helpers/hintsApp.ts'
import { CDN_BASE, startExpressHints, startFastifyHints, type HintsServer } from '../helpers/hintsServer.ts'
import { rawGet } from '../helpers/rawHttp.ts'
import { readManifest } from '../helpers/paths.ts'

/** The Link values the page needs, written out from the manifest independently of the runtime. */
function expectedLinks(manifest: Manifest, base: string, fonts: boolean): string[] {
  const entry = manifest.entries['src/main.js']!
  const sri = (path: string): string => `; integrity="${manifest.files[path]!.integrity}"`
  const script = entry.type === 'module' ? 'rel=modulepreload' : 'rel=preload; as=script'
  return [
    ...entry.css.map((path) => `<${base}${path}>; rel=preload; as=style; crossorigin${sri(path)}`),
    ...(fonts ? (entry.fonts ?? []).map((path) => `<${base}${path}>; rel=preload; as=font; type=font/woff2; crossorigin`) : []),
    ...[...entry.preload, ...entry.js].map((path) => `<${base}${path}>; ${script}; crossorigin${sri(path)}`),
  ]
}

const SERVERS = { Express: startExpressHints, Fastify: (outDir: string) => startFastifyHints(outDir) } as const

describe.each(HINTS_BUNDLERS)('%s build: 103 Early Hints seen by a raw HTTP/1.1 client', (bundler) => {
  let outDir: string
  let manifest: Manifest
  beforeAll(async () => {
    outDir = await buildHintsApp(bundler)
    manifest = await readManifest(outDir)
  }, 60_000)

  describe.each(Object.keys(SERVERS) as Array<keyof typeof SERVERS>)('%s', (framework) => {
    let server: HintsServer
    beforeAll(async () => {
      server = await SERVERS[framework](outDir)
    })
    afterAll(() => server.close())

    it('sends `HTTP/1.1 103` with the entry’s Link values while the page still renders, then the 200 with the same Link', async () => {
      const renderedBy103: boolean[] = []
      const heads = await rawGet(server.origin, '/page?fonts=1', (head) => {
        if (head.status === 103) renderedBy103.push(server.events.includes('200'))
      })
      expect(heads.map((head) => head.status)).toEqual([103, 200])
      const links = expectedLinks(manifest, '/static/', true)
      expect(links.some((link) => link.includes('as=font'))).toBe(true)
      expect(heads[0]!.links).toEqual(links)
      expect(heads[1]!.links).toEqual(links)
      // The 103 reached the client before the server had started writing the page.
      expect(renderedBy103).toEqual([false])
    })

    it('names the URLs under the request’s own base (a CDN chosen per request)', async () => {
      const heads = await rawGet(server.origin, '/page?cdn=1')
      expect(heads[0]!.links).toEqual(expectedLinks(manifest, CDN_BASE, false))
      expect(heads[1]!.links).toEqual(heads[0]!.links)
    })
  })
})
