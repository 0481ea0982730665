import { labelSent, reportSent } from './describeSent.ts'
import { debugEnabled } from './sentLog.ts'
import type { Assets, EntryTagsOptions } from './types.ts'

/** Options of `assetLocals`. */
export interface AssetLocalsOptions {
  /**
   * The base URL of one request (a tenant's CDN, say), for a view made by `withBase`; return
   * undefined for the default.
   * @default the assets' own base
   */
  baseUrl?: (req: unknown) => string | undefined
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
  static(name: string): string
  integrity(name: string): string | undefined
  /**
   * Entry tags with the response's CSP nonce. Each file goes out once per response: a chunk or
   * stylesheet that an earlier `entryTags` call already put on the page is left out (a URL from
   * `static()` never is), and in dev `@vite/client` comes only with the first call.
   */
  entryTags(name: string, options?: EntryTagsOptions): string
}

/**
 * Express/Connect middleware: puts `static()`, `entryTags()`, `integrity()` and the per-request
 * page scope on `res.locals`, so EJS, Handlebars, Pug, Eta or Nunjucks templates rendered with
 * `res.render` can use them. `entryTags` returns HTML: output it unescaped (`<%- %>`, `{{{ }}}`).
 */
export function assetLocals(assets: Assets, options: AssetLocalsOptions = {}) {
  const nonceKey = options.nonceKey ?? 'cspNonce'
  return (req: unknown, res: ResponseLike, next: () => void): void => {
    const base = options.baseUrl?.(req)
    const view = (base ? assets.withBase(base) : assets).page()
    const locals: AssetLocals = {
      assets: view,
      static: (name) => view.url(name),
      integrity: (name) => view.integrity(name),
      entryTags(name, tagOptions = {}) {
        const own = res.locals[nonceKey]
        const nonce = tagOptions.nonce ?? (typeof own === 'string' ? own : undefined)
        return view.entryTags(name, nonce ? { ...tagOptions, nonce } : tagOptions)
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
