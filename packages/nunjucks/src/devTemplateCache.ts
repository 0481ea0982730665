import type { Assets } from '@assetmap/runtime'
import type nunjucks from 'nunjucks'

/** The part of a Nunjucks loader that caching goes through. */
interface CachingLoader {
  cache?: Record<string, unknown>
}

/**
 * While `assets.dev`, Nunjucks finds no cached template, so each render reads the file again
 * and an edit shows at once, whether or not `noCache` was set. Nunjucks looks a template up in
 * `loader.cache` on every `getTemplate` and stores into the object it got, so a new empty one
 * each time also keeps it from caching. Follows the dev server's life: when it stops, caching resumes.
 */
export function noTemplateCacheInDev(env: nunjucks.Environment, assets: Assets): void {
  for (const loader of (env as unknown as { loaders: CachingLoader[] }).loaders) {
    let cache = loader.cache ?? {}
    Object.defineProperty(loader, 'cache', {
      configurable: true,
      get: () => (assets.dev ? {} : cache),
      set: (value: Record<string, unknown>) => {
        cache = value
      },
    })
  }
}
