import { viteHooks, type ViteHooks } from './adapters/vite.ts'
import { PLUGIN_NAME, resolveOptions } from './core/options.ts'
import type { Options } from './types.ts'

/** The Vite plugin `assetmap()` returns. */
export interface AssetmapVitePlugin extends ViteHooks {
  name: string
  enforce: 'post'
}

/**
 * The assetmap plugin for Vite: `plugins: [assetmap()]`. The same plugin `unplugin.vite` makes,
 * made without loading unplugin, which a Vite plugin does not need: that halves what importing
 * it costs every `vite build`.
 */
export default function assetmap(options?: Options): AssetmapVitePlugin {
  return { name: PLUGIN_NAME, enforce: 'post', ...viteHooks(resolveOptions(options)) }
}
