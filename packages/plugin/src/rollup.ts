import { plainRollupState, rollupFamilyHooks, type RollupFamilyHooks } from './adapters/rollupFamily.ts'
import { PLUGIN_NAME, resolveOptions } from './core/options.ts'
import type { Options } from './types.ts'

/** The Rollup or Rolldown plugin `assetmap()` returns. */
export interface AssetmapRollupPlugin extends RollupFamilyHooks {
  name: string
}

/** The assetmap plugin for Rollup: `plugins: [assetmap()]` (made without unplugin, as for Vite). */
export default function assetmap(options?: Options): AssetmapRollupPlugin {
  const resolved = resolveOptions(options)
  return { name: PLUGIN_NAME, ...rollupFamilyHooks(resolved, plainRollupState(resolved)) }
}
