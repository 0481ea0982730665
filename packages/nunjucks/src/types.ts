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
}
