import { AssetmapError, type Assets, type EntryTagsOptions } from '@assetmap/runtime'
import nunjucks from 'nunjucks'
import { AssetmapExtension, type ContextLookup, type RenderContext } from './AssetmapExtension.ts'
import type { AddAssetmapOptions } from './types.ts'

function isAssets(value: unknown): value is Assets {
  return typeof value === 'object' && value !== null && typeof (value as Assets).url === 'function' && typeof (value as Assets).entryTags === 'function'
}

/**
 * Adds assetmap to a Nunjucks environment: the globals `static(name)`, `entryTags(name, options)`
 * and `integrity(name)`, and the tags `{% static 'name' %}` and `{% entry 'name' %}`.
 * A render can pass its own view (`assets.withBase(...)`) under `options.contextKey`.
 */
export function addAssetmap(env: nunjucks.Environment, assets: Assets, options: AddAssetmapOptions = {}): nunjucks.Environment {
  if (!isAssets(assets)) throw new AssetmapError('INVALID_OPTION', 'addAssetmap(env, assets) needs the object createAssets() returns.', { value: assets })
  const contextKey = options.contextKey ?? 'assets'
  const nonceKey = options.nonceKey ?? 'cspNonce'
  const lookup: ContextLookup = {
    assets(context) {
      const own = context?.ctx[contextKey]
      return isAssets(own) ? own : assets
    },
    nonce(context) {
      const nonce = context?.ctx[nonceKey]
      return typeof nonce === 'string' ? nonce : undefined
    },
  }
  // Nunjucks calls globals with the render context as `this`.
  env.addGlobal('static', function (this: RenderContext | undefined, name: string) {
    return lookup.assets(this).url(name)
  })
  env.addGlobal('integrity', function (this: RenderContext | undefined, name: string) {
    return lookup.assets(this).integrity(name)
  })
  env.addGlobal('entryTags', function (this: RenderContext | undefined, name: string, tagOptions: EntryTagsOptions = {}) {
    const nonce = tagOptions.nonce ?? lookup.nonce(this)
    return new nunjucks.runtime.SafeString(lookup.assets(this).entryTags(name, { ...tagOptions, ...(nonce ? { nonce } : {}) }))
  })
  env.addExtension('assetmap', new AssetmapExtension(lookup, options.inline ?? false))
  return env
}
