import { describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { entryManifest } from '../helpers/smallManifests.ts'
import { thrown } from '../helpers/thrown.ts'

const assets = createAssets({ manifest: entryManifest('r1', '/static/'), dev: false })

describe('a nonce that is no string', () => {
  it.each([
    ['a number', 12345, 'number'],
    ['a Buffer from randomBytes', Buffer.from('nonce'), 'object'],
  ])('entryTags refuses %s with INVALID_OPTION naming the nonce and its type', (_label, nonce, type) => {
    for (const options of [{ nonce }, { nonce, reloadOnChunkError: true }]) {
      const error = thrown(() => assets.page().entryTags('src/main.js', options as never))
      expect(error).toMatchObject({ code: 'INVALID_OPTION', value: nonce })
      expect(error.message).toContain(`entryTags(): nonce must be a string (found ${type})`)
    }
  })
})
