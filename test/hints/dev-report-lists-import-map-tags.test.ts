import { afterEach, describe, expect, it } from 'vitest'
import { createAssets, describeSent } from '@assetmap/runtime'
import { importMapManifest } from '../helpers/smallManifests.ts'

const saved = { DEBUG: process.env.DEBUG, NODE_ENV: process.env.NODE_ENV }
afterEach(() => {
  process.env.DEBUG = saved.DEBUG
  process.env.NODE_ENV = saved.NODE_ENV
})

describe('DEBUG=assetmap on an import-map page', () => {
  it('lists the entries importMap() named, its modulepreloads and its scripts, with sizes', () => {
    process.env.DEBUG = 'assetmap'
    process.env.NODE_ENV = 'development'
    const page = createAssets({ manifest: importMapManifest('r1', '/static/'), dev: false }).page()
    page.importMap('js/app.js')
    expect(describeSent(page)).toBe('[assetmap] page: entries js/app.js | modulepreload 1 (40 B): js/lib.r1.js 40 B | script 1 (300 B): js/app.r1.js 300 B')
  })
})
