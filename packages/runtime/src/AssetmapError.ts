/** Every error assetmap throws on purpose has one of these codes. */
export type AssetmapErrorCode =
  | 'ASSET_NOT_FOUND'
  | 'ENTRY_NOT_FOUND'
  | 'MANIFEST_NOT_FOUND'
  | 'MANIFEST_INVALID'
  | 'INVALID_BASE_URL'
  | 'INVALID_OPTION'
  | 'DUPLICATE_NAME'
  | 'BROKEN_REFERENCE'
  | 'WRITE_FAILED'
  | 'DEPENDENCY_MISSING'

/** Options of {@link AssetmapError}. */
export interface AssetmapErrorOptions {
  /** The offending value: the asset name, the path, the option value. */
  value?: unknown
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * The one error class of assetmap. `code` says what went wrong, `value` carries the offending
 * value (an asset name, a manifest path, an option), and the message says what to do.
 */
export class AssetmapError extends Error {
  override readonly name: string = 'AssetmapError'
  readonly code: AssetmapErrorCode
  readonly value: unknown

  constructor(code: AssetmapErrorCode, message: string, options: AssetmapErrorOptions = {}) {
    super(`[assetmap] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.value = options.value
  }
}
