import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import * as runtime from '@assetmap/runtime'
import { outputDir, repoRoot } from '../helpers/paths.ts'

type Runtime = typeof runtime

/**
 * Two real copies of @assetmap/runtime, as npm workspaces or pnpm load them when two packages
 * resolve it through different paths: the repository's, and a copy in a temp `node_modules`.
 */
describe('an assetmap error thrown by another copy of @assetmap/runtime', () => {
  let copy: Runtime
  let thrown: unknown

  beforeAll(async () => {
    const root = await outputDir('runtime-copy')
    const copyDir = join(root, 'node_modules/@assetmap/runtime')
    await mkdir(copyDir, { recursive: true })
    await cp(join(repoRoot, 'packages/runtime/dist'), join(copyDir, 'dist'), { recursive: true })
    await cp(join(repoRoot, 'packages/runtime/package.json'), join(copyDir, 'package.json'))
    copy = (await import(pathToFileURL(join(copyDir, 'dist/index.js')).href)) as Runtime
    expect(copy.AssetmapError).not.toBe(runtime.AssetmapError)
    try {
      copy.loadManifest(join(root, 'nowhere/assetmap.json'))
    } catch (error) {
      thrown = error
    }
  })

  it('is recognised by isAssetmapError of this copy, with its code and value', () => {
    expect(runtime.isAssetmapError(thrown)).toBe(true)
    expect(copy.isAssetmapError(new runtime.AssetmapError('ASSET_NOT_FOUND', 'x'))).toBe(true)
    expect(thrown).toMatchObject({ code: 'MANIFEST_NOT_FOUND', name: 'AssetmapError' })
  })

  it('is an instance of this copy\'s AssetmapError, as code written with instanceof expects', () => {
    expect(thrown instanceof runtime.AssetmapError).toBe(true)
  })

  it('is told apart from errors that only look alike', () => {
    const lookalike = Object.assign(new Error('[assetmap] no'), { name: 'AssetmapError', code: 'ASSET_NOT_FOUND' })
    for (const value of [lookalike, new Error('x'), { code: 'ASSET_NOT_FOUND' }, null, undefined, 'AssetmapError']) {
      expect(runtime.isAssetmapError(value)).toBe(false)
      expect(value instanceof runtime.AssetmapError).toBe(false)
    }
  })
})
