import { AssetmapError, type Assets, type EntryTagsOptions, type ImportMapOptions } from '@assetmap/runtime'
import { reportSent } from '@assetmap/runtime/internal'
import nunjucks from 'nunjucks'
import { AssetmapExtension, type ContextLookup, type RenderContext } from './AssetmapExtension.ts'
import type { AddAssetmapOptions } from './types.ts'
import { noTemplateCacheInDev } from './devTemplateCache.ts'

function isAssets(value: unknown): value is Assets {
  return typeof value === 'object' && value !== null && typeof (value as Assets).url === 'function' && typeof (value as Assets).entryTags === 'function'
}

/** Render-context key of the page scopes of one render, one per view the render uses. */
const PAGE_KEY = '__assetmapPage'

/** The page scopes of one render. An object, so that included templates (which get a copy of the context) share it. */
type PageScopes = Map<Assets, Assets>

/**
 * Every `env.render` and `env.renderString` (and so `res.render`) starts one page: the context
 * gets fresh page scopes, and each file goes out once across the layout, its blocks and includes.
 */
function startPagePerRender(env: nunjucks.Environment, contextKey: string): void {
  const withPage = (ctx: unknown): Record<string, unknown> => ({ ...(typeof ctx === 'object' && ctx !== null ? ctx : {}), [PAGE_KEY]: new Map() satisfies PageScopes })
  const render = env.render.bind(env) as (name: string, ctx?: unknown, cb?: unknown) => string
  const renderString = env.renderString.bind(env) as (src: string, ctx?: unknown, opts?: unknown, cb?: unknown) => string
  env.render = ((name: string, ctx?: unknown, cb?: unknown) => {
    const callback = typeof ctx === 'function' ? ctx : cb
    const context = withPage(typeof ctx === 'function' ? undefined : ctx)
    if (typeof callback !== 'function') return reported(render(name, context), context, contextKey, name)
    return render(name, context, (error: unknown, html: unknown) => (callback as (e: unknown, h: unknown) => unknown)(error, reported(html, context, contextKey, name)))
  }) as typeof env.render
  env.renderString = ((src: string, ctx?: unknown, opts?: unknown, cb?: unknown) => renderString(src, withPage(ctx), opts, cb)) as typeof env.renderString
}

/** `DEBUG=assetmap`: one line per page rendered, with what its entry tags sent (nothing is kept otherwise), its own page scope included. */
function reported<T>(html: T, context: Record<string, unknown>, contextKey: string, name: string): T {
  const own = context[contextKey]
  if (isAssets(own) && own.isPage) reportSent(own, `render ${name}`)
  for (const page of (context[PAGE_KEY] as PageScopes).values()) reportSent(page, `render ${name}`)
  return html
}

/**
 * Adds assetmap to a Nunjucks environment: the globals `static(name, build?)`,
 * `entryTags(name, options?, build?)`, `integrity(name, build?)` and `importMap(entries, options?, build?)`,
 * and the tags `{% static 'name' %}`, `{% entry 'name' %}` and `{% importmap 'name' %}` (each with
 * `from 'admin'` after the name for another build of `createAssets({ builds })`).
 * A render can pass its own view (`assets.withBase(...)`, or a response's `assets.page()`) under
 * `options.contextKey`. Each render is one page: entry tags leave out files it already has.
 */
export function addAssetmap(env: nunjucks.Environment, assets: Assets, options: AddAssetmapOptions = {}): nunjucks.Environment {
  if (!isAssets(assets)) throw new AssetmapError('INVALID_OPTION', 'addAssetmap(env, assets) needs the object createAssets() returns.', { value: assets })
  const contextKey = options.contextKey ?? 'assets'
  const nonceKey = options.nonceKey ?? 'cspNonce'
  const lookup: ContextLookup & { page(context: RenderContext | undefined): Assets } = {
    assets(context, build) {
      const page = this.page(context)
      return build === undefined ? page : page.build(build)
    },
    page(context) {
      const own = context?.ctx[contextKey]
      const view = isAssets(own) ? own : assets
      if (context === undefined || view.isPage) return view
      // A template rendered without env.render (getTemplate().render) gets its scopes here.
      let scopes = context.ctx[PAGE_KEY] as PageScopes | undefined
      if (!(scopes instanceof Map)) context.ctx[PAGE_KEY] = scopes = new Map()
      let page = scopes.get(view)
      if (page === undefined) scopes.set(view, (page = view.page()))
      return page
    },
    entryTags(context, name, tagOptions, build) {
      const own = context?.ctx[nonceKey]
      const nonce = tagOptions.nonce ?? (typeof own === 'string' ? own : undefined)
      return new nunjucks.runtime.SafeString(this.assets(context, build).entryTags(name, nonce ? { ...tagOptions, nonce } : tagOptions))
    },
    importMap(context, entries, mapOptions, build) {
      const own = context?.ctx[nonceKey]
      const nonce = mapOptions.nonce ?? (typeof own === 'string' ? own : undefined)
      return new nunjucks.runtime.SafeString(this.assets(context, build).importMap(entries, nonce ? { ...mapOptions, nonce } : mapOptions))
    },
  }
  startPagePerRender(env, contextKey)
  noTemplateCacheInDev(env, assets)
  // Nunjucks calls globals with the render context as `this`.
  // The optional last argument names another build (see AssetsOptions.builds): static('x', 'admin').
  env.addGlobal('static', function (this: RenderContext | undefined, name: string, build?: string) {
    return lookup.assets(this, build).url(name)
  })
  env.addGlobal('integrity', function (this: RenderContext | undefined, name: string, build?: string) {
    return lookup.assets(this, build).integrity(name)
  })
  env.addGlobal('entryTags', function (this: RenderContext | undefined, name: string, tagOptions: EntryTagsOptions = {}, build?: string) {
    return lookup.entryTags(this, name, tagOptions ?? {}, build)
  })
  env.addGlobal('importMap', function (this: RenderContext | undefined, entries: string | string[] = [], mapOptions: ImportMapOptions = {}, build?: string) {
    return lookup.importMap(this, typeof entries === 'string' ? [entries] : entries, mapOptions ?? {}, build)
  })
  env.addExtension('assetmap', new AssetmapExtension(lookup, options.inline ?? false))
  return env
}
