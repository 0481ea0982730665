import { expect } from 'vitest'
import { AssetmapError } from '@assetmap/runtime'

/** The AssetmapError that `fn` throws; fails the test when it throws nothing or something else. */
export function thrown(fn: () => unknown): AssetmapError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AssetmapError)
    return error as AssetmapError
  }
  throw new Error('expected an AssetmapError, nothing was thrown')
}
