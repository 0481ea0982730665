import { describe, expect, it } from 'vitest'
import { createAssets, isAssetmapError } from '@assetmap/runtime'

describe('importMap() on a build without an import map', () => {
  it('names the options that turn the mode on as users write them: --importmap, and the plugin’s staticImportMap', () => {
    const assets = createAssets({ manifest: { version: 1, base: '/static/', release: 'r1', entries: {}, assets: {}, files: {} }, dev: false })
    expect(() => assets.importMap()).toThrow(/`assetmap build static --importmap`, or the plugin's `staticImportMap: true`/)
  })
})

describe('importMap() with a nonce that is not a string', () => {
  it('names the option and the value (a Buffer from randomBytes, a number from a template) instead of a TypeError', () => {
    const assets = createAssets({
      manifest: { version: 1, base: '/static/', release: 'r1', entries: {}, assets: { 'js/a.js': 'js/a.0123456789ab.js' }, files: { 'js/a.0123456789ab.js': { integrity: 'sha384-AAAA', size: 1 } }, importMap: { modules: { 'js/a.js': [] }, specifiers: {} } },
      dev: false,
    })
    for (const nonce of [123, Buffer.from('abc')]) {
      let thrown: unknown
      try {
        assets.importMap('js/a.js', { nonce: nonce as never })
      } catch (error) {
        thrown = error
      }
      expect(isAssetmapError(thrown) && thrown.code).toBe('INVALID_OPTION')
      expect((thrown as Error).message).toMatch(/importMap\(\): nonce must be a string \(found (number|object)\)/)
    }
  })
})
