import { AssetmapError, type Assets, type EntryTagsOptions } from '@assetmap/runtime'
import nunjucks from 'nunjucks'
import { AssetmapExtension, type ContextLookup, type RenderContext } from './AssetmapExtension.ts'
import type { AddAssetmapOptions } from './types.ts'

function isAssets(value: unknown): value is Assets {
  return typeof value === 'object' && value !== null && typeof (value as Assets).url === 'function' && typeof (value as Assets).entryTags === 'function'
}

const CLIENT_RENDERED = '__assetmapViteClientRendered'

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
    entryTags(context, name, tagOptions) {
      const own = context?.ctx[nonceKey]
      const nonce = tagOptions.nonce ?? (typeof own === 'string' ? own : undefined)
      // In dev, @vite/client goes out once per page: the render context remembers it.
      const clientDone = context?.ctx[CLIENT_RENDERED] === true
      const html = this.assets(context).entryTags(name, { ...tagOptions, ...(nonce ? { nonce } : {}), ...(clientDone ? { viteClient: false } : {}) })
      if (context) context.ctx[CLIENT_RENDERED] = true
      return new nunjucks.runtime.SafeString(html)
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
    return lookup.entryTags(this, name, tagOptions)
  })
  env.addExtension('assetmap', new AssetmapExtension(lookup, options.inline ?? false))
  return env
}
