import { rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveAssets } from '@assetmap/serve'
import { buildServed, rawRequest, type ServedBuild } from '../helpers/served.ts'
import { close, listen } from '../helpers/servers.ts'

describe('serveAssets with fallthrough: true', () => {
  let build: ServedBuild
  let origin: string
  let server: Awaited<ReturnType<typeof listen>>['server']

  beforeAll(async () => {
    build = await buildServed('serve-fallthrough')
    const handler = serveAssets(build.assets, { prefix: '/static/', fallthrough: true, onWarning: () => {} })
    ;({ origin, server } = await listen(createServer((req, res) => handler(req, res, () => res.writeHead(299, { 'Content-Length': 4 }).end('next')))))
  })
  afterAll(() => close(server))

  it('hands a file deleted after start-up to next(), as it does every other miss', async () => {
    for (const name of ['robots.txt', build.path('js/greet.js')]) {
      expect((await rawRequest(origin, `/static/${name}`)).status, name).toBe(200)
      rmSync(join(build.out, name))
      const gone = await rawRequest(origin, `/static/${name}`)
      expect(gone.status, name).toBe(299)
      expect(gone.body.toString(), name).toBe('next')
    }
    expect((await rawRequest(origin, '/static/never-there.css')).status).toBe(299)
  })
})
