import { AssetmapError, normalizeBaseUrl } from '@assetmap/runtime/internal'
import { resolveEncodings, validateRelease } from '@assetmap/engine/internal'
import type { Options, ResolvedOptions } from '../types.ts'

/** The plugin's name in every bundler. */
export const PLUGIN_NAME = 'assetmap:manifest'

/** Fallback base URL of the manifest when neither the option nor the bundler gives one. */
export const DEFAULT_BASE = '/static/'

/** Validates the user's options once, up front, and returns a new object (the caller's is never changed). */
export function resolveOptions(options: Options = {}): ResolvedOptions {
  if (options.static !== undefined && !Array.isArray(options.static)) {
    throw new AssetmapError('INVALID_OPTION', `static must be an array of folders (found ${JSON.stringify(options.static)}).`, { value: options.static })
  }
  if (options.staticFirstWins !== undefined && typeof options.staticFirstWins !== 'boolean') {
    throw new AssetmapError('INVALID_OPTION', `staticFirstWins must be true or false (found ${JSON.stringify(options.staticFirstWins)}).`, { value: options.staticFirstWins })
  }
  const importMap = options.staticImportMap
  if (importMap !== undefined && typeof importMap !== 'boolean' && (typeof importMap !== 'object' || importMap === null || Array.isArray(importMap))) {
    throw new AssetmapError('INVALID_OPTION', `staticImportMap must be true, false or { specifiers } (found ${JSON.stringify(importMap)}).`, { value: importMap })
  }
  return {
    static: [...(options.static ?? [])],
    staticFirstWins: options.staticFirstWins ?? false,
    staticImportMap: options.staticImportMap ?? false,
    keepOriginals: options.keepOriginals ?? true,
    strict: options.strict ?? false,
    base: options.base === undefined ? undefined : normalizeBaseUrl(options.base),
    release: options.release === undefined ? undefined : validateRelease(options.release),
    root: options.root,
    compress: resolveEncodings(options.compress ?? false),
    refresh: [...(options.refresh ?? DEFAULT_REFRESH)],
    backendOrigin: typeof options.backendOrigin === 'string' ? [options.backendOrigin] : [...(options.backendOrigin ?? [])],
  }
}

/** The usual folders of server templates (Express's `views`, Django-style `templates`). */
const DEFAULT_REFRESH = ['views/**', 'templates/**']

/**
 * The base recorded in the manifest: the option, else the bundler's public path when it is
 * absolute (a relative one such as Vite's `./` or webpack's `auto` says nothing about the server).
 */
export function manifestBase(options: ResolvedOptions, bundlerPublicPath: unknown): string {
  if (options.base !== undefined) return options.base
  if (isAbsolutePublicPath(bundlerPublicPath)) return normalizeBaseUrl(bundlerPublicPath)
  return DEFAULT_BASE
}

/** A public path the bundler writes into the JS and CSS it emits: a path from the server root or a URL. */
function isAbsolutePublicPath(publicPath: unknown): publicPath is string {
  return typeof publicPath === 'string' && /^(\/|https?:\/\/)/i.test(publicPath)
}

/** The bundler's public path when it is absolute, which pins URLs made inside the bundle (recorded as the manifest's `pinnedBase`). */
export function pinnedBase(publicPath: unknown): string | undefined {
  return isAbsolutePublicPath(publicPath) ? normalizeBaseUrl(publicPath) : undefined
}

/**
 * The build's warning when the bundler's public path is absolute (Vite `base: '/dev/'`, webpack
 * `publicPath: '/build/'`): URLs made inside the bundle (lazy chunks, `new URL(…)` assets, CSS
 * of lazy chunks) then ignore the base chosen at run time, so a CDN switch moves only the tags.
 */
export function pinnedBaseWarning(setting: string, publicPath: unknown, fix: string): string | undefined {
  if (pinnedBase(publicPath) === undefined) return undefined
  return (
    `${setting} is ${JSON.stringify(publicPath)}: URLs the bundle builds at run time (lazy chunks, new URL(…) assets) stay pinned to it, ` +
    `so ASSETMAP_BASE_URL or the runtime's baseUrl moves only the tags a template renders. For run-time CDN switching, set ${fix}.`
  )
}
