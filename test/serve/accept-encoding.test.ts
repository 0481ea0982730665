import { describe, expect, it } from 'vitest'
import { rawRequest, servedSuite } from '../helpers/served.ts'

describe('serveAssets: Accept-Encoding q-values when identity is not listed', () => {
  const suite = servedSuite('serve-accept-encoding')
  const coding = async (acceptEncoding: string) => (await rawRequest(suite.server.origin, `/static/${suite.build.path('css/app.css')}`, { headers: { 'Accept-Encoding': acceptEncoding } })).headers['content-encoding']

  it.each([
    ['gzip;q=0.5, br;q=0.8', 'br'],
    ['br;q=0.2, gzip;q=0.9', 'gzip'],
    ['gzip;q=0.5', 'gzip'],
    ['br;q=0.1', 'br'],
    ['gzip;q=0.5, identity;q=0.9', undefined],
    ['gzip;q=0.5, *;q=0.9', 'br'],
    ['gzip;q=0', undefined],
  ])('%s → %s', async (header, expected) => {
    expect(await coding(header)).toBe(expected)
  })
})
