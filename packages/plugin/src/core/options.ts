import { AssetmapError, normalizeBaseUrl } from '@assetmap/runtime'
import { resolveEncodings, validateRelease } from '@assetmap/build/pipeline'
import type { Options, ResolvedOptions } from '../types.ts'

/** Fallback base URL of the manifest when neither the option nor the bundler gives one. */
export const DEFAULT_BASE = '/static/'

/** Validates the user's options once, up front, and returns a new object (the caller's is never changed). */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  if (options.static !== undefined && !Array.isArray(options.static)) {
    throw new AssetmapError('INVALID_OPTION', `static must be an array of folders (found ${JSON.stringify(options.static)}).`, { value: options.static })
  }
  return {
    static: [...(options.static ?? [])],
    keepOriginals: options.keepOriginals ?? true,
    strict: options.strict ?? false,
    base: options.base === undefined ? undefined : normalizeBaseUrl(options.base),
    release: options.release === undefined ? undefined : validateRelease(options.release),
    root: options.root,
    compress: resolveEncodings(options.compress ?? false),
    refresh: [...(options.refresh ?? [])],
    backendOrigin: typeof options.backendOrigin === 'string' ? [options.backendOrigin] : [...(options.backendOrigin ?? [])],
  }
}

/**
 * The base recorded in the manifest: the option, else the bundler's public path when it is
 * absolute (a relative one such as Vite's `./` or webpack's `auto` says nothing about the server).
 */
export function manifestBase(options: ResolvedOptions, bundlerPublicPath: unknown): string {
  if (options.base !== undefined) return options.base
  if (typeof bundlerPublicPath === 'string' && /^(\/|https?:\/\/)/i.test(bundlerPublicPath)) return normalizeBaseUrl(bundlerPublicPath)
  return DEFAULT_BASE
}
