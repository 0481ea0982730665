import { describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'

describe('importMap() on a build without an import map', () => {
  it('names the options that turn the mode on as users write them: --importmap, and the plugin’s staticImportMap', () => {
    const assets = createAssets({ manifest: { version: 1, base: '/static/', release: 'r1', entries: {}, assets: {}, files: {} }, dev: false })
    expect(() => assets.importMap()).toThrow(/`assetmap build static --importmap`, or the plugin's `staticImportMap: true`/)
  })
})
