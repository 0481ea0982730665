/** Options of `addAssetmap`. */
export interface AddAssetmapOptions {
  /**
   * Render-context variable that, when set, replaces the assets for that render: pass
   * `assets.withBase(tenantCdn)` as `assets` to give one request another base URL.
   * @default 'assets'
   */
  contextKey?: string
  /**
   * Render-context variable holding the CSP nonce that entry tags get when the tag names none.
   * @default 'cspNonce'
   */
  nonceKey?: string
  /**
   * Resolve `{% static 'literal' %}` once, when the template compiles, into plain template text:
   * as fast as a hard-coded URL, and an unknown name fails at compile time. Such URLs use the
   * assets given to `addAssetmap` (not a per-render `assets` view); after a manifest reload call
   * `env.invalidateCache()`. `{{ static() }}` and names from variables stay resolved per render.
   * @default false
   */
  inline?: boolean
}
