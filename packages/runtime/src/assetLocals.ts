import { labelSent, reportSent } from './describeSent.ts'
import { debugEnabled } from './sentLog.ts'
import type { Assets, EntryTagsOptions, ImportMapOptions } from './types.ts'

/** Options of `assetLocals`. */
export interface AssetLocalsOptions {
  /**
   * The base URL of one request (a tenant's CDN, say), for a view made by `withBase`; return
   * undefined for the default. With several builds (`AssetsOptions.builds`), return one base per
   * build by name (`{ default: …, admin: … }`); a build left out keeps its own.
   * @default the assets' own base
   */
  baseUrl?: (req: unknown) => string | Record<string, string | undefined> | undefined
  /** Key of the CSP nonce in `res.locals`, read when tags are rendered (so it may be set later). @default 'cspNonce' */
  nonceKey?: string
}

interface ResponseLike {
  locals: Record<string, unknown>
  on?(event: 'finish', listener: () => void): unknown
}

/** What `assetLocals` puts on `res.locals` for every template engine Express drives. */
export interface AssetLocals {
  /** This response's page scope (see `Assets.page`), on the request's base. */
  assets: Assets
  /** URL of an asset of the default build, or of the build named (see `AssetsOptions.builds`). */
  static(name: string, build?: string): string
  integrity(name: string, build?: string): string | undefined
  /**
   * Entry tags with the response's CSP nonce. Each file goes out once per response: a chunk or
   * stylesheet that an earlier `entryTags` call already put on the page is left out (a URL from
   * `static()` never is), and in dev `@vite/client` comes only with the first call.
   */
  entryTags(name: string, options?: EntryTagsOptions, build?: string): string
  /** `Assets.importMap` with the response's CSP nonce, on the response's page scope: output it unescaped. */
  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string
}

/** `assets` moved to the request's base, or to one base per build. */
function onBase(assets: Assets, base: string | Record<string, string | undefined> | undefined): Assets {
  if (typeof base === 'string') return base ? assets.withBase(base) : assets
  let view = assets
  for (const [build, url] of Object.entries(base ?? {})) if (url) view = view.withBase(url, build)
  return view
}

/**
 * Express/Connect middleware: puts `static()`, `entryTags()`, `integrity()` and the per-request
 * page scope on `res.locals`, so EJS, Handlebars, Pug, Eta or Nunjucks templates rendered with
 * `res.render` can use them. `entryTags` returns HTML: output it unescaped (`<%- %>`, `{{{ }}}`).
 */
export function assetLocals(assets: Assets, options: AssetLocalsOptions = {}) {
  const nonceKey = options.nonceKey ?? 'cspNonce'
  return (req: unknown, res: ResponseLike, next: () => void): void => {
    const view = onBase(assets, options.baseUrl?.(req)).page()
    const of = (build: string | undefined): Assets => (build === undefined ? view : view.build(build))
    const locals: AssetLocals = {
      assets: view,
      static: (name, build) => of(build).url(name),
      integrity: (name, build) => of(build).integrity(name),
      entryTags(name, tagOptions = {}, build) {
        const own = res.locals[nonceKey]
        const nonce = tagOptions.nonce ?? (typeof own === 'string' ? own : undefined)
        return of(build).entryTags(name, nonce ? { ...tagOptions, nonce } : tagOptions)
      },
      importMap(entries, mapOptions = {}) {
        const own = res.locals[nonceKey]
        const nonce = mapOptions.nonce ?? (typeof own === 'string' ? own : undefined)
        return view.importMap(entries, nonce ? { ...mapOptions, nonce } : mapOptions)
      },
    }
    Object.assign(res.locals, locals)
    // `DEBUG=assetmap`: one line per response, once it is sent, with what its page scope sent.
    if (debugEnabled()) {
      const { method, url } = req as { method?: string; url?: string }
      labelSent(view, `${method ?? 'GET'} ${url ?? ''}`)
      res.on?.('finish', () => reportSent(view, 'response'))
    }
    next()
  }
}
