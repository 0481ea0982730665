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
  | 'BUILD_IN_PROGRESS'
  | 'BUILD_NOT_FOUND'

/** Options of {@link AssetmapError}. */
export interface AssetmapErrorOptions {
  /** The offending value: the asset name, the path, the option value. */
  value?: unknown
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * Marks every assetmap error, in the global symbol registry so that each copy of this module
 * makes the same one: with npm workspaces or pnpm, packages can load two copies of the runtime
 * (and two `AssetmapError` classes), and an error of one is not an `instanceof` the other.
 */
const BRAND = Symbol.for('assetmap.error')

/**
 * The one error class of assetmap. `code` says what went wrong, `value` carries the offending
 * value (an asset name, a manifest path, an option), and the message says what to do.
 * `instanceof AssetmapError` (and {@link isAssetmapError}) is true for an error of any copy of
 * `@assetmap/runtime` loaded in the process.
 */
export class AssetmapError extends Error {
  override readonly name: string = 'AssetmapError'
  readonly code: AssetmapErrorCode
  readonly value: unknown
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isAssetmapError(value)
  }

  constructor(code: AssetmapErrorCode, message: string, options: AssetmapErrorOptions = {}) {
    super(`[assetmap] ${message}`, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.value = options.value
    Object.defineProperty(this, BRAND, { value: true })
  }
}

/** Whether `error` is an {@link AssetmapError}, thrown by this copy of `@assetmap/runtime` or another. */
export function isAssetmapError(error: unknown): error is AssetmapError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
}
