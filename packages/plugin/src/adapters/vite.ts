import type { ResolvedOptions } from '../types.ts'
import { rollupFamilyHooks, type RollupFamilyHooks, type RollupFamilyState } from './rollupFamily.ts'

interface ViteUserConfig {
  base?: string
  build?: { emptyOutDir?: boolean | null }
}
type ViteConfigPatch = { base?: string; build?: { emptyOutDir: boolean } }
interface ViteResolvedConfig {
  root: string
  base: string
  command: 'build' | 'serve'
  build: { ssr?: unknown }
}

/** The hooks assetmap adds to Vite. */
export interface ViteHooks extends RollupFamilyHooks {
  config(config: ViteUserConfig, env: { command: string }): ViteConfigPatch | undefined
  configResolved(config: ViteResolvedConfig): void
}

/** Vite hooks: a relative `base` for location-independent builds, and the manifest on write. */
export function viteHooks(options: ResolvedOptions): ViteHooks {
  const state: RollupFamilyState = { root: options.root ?? process.cwd(), publicPath: undefined, skip: false }
  const shared = rollupFamilyHooks(options, state)
  return {
    buildStart: shared.buildStart,
    writeBundle: shared.writeBundle,
    config(config: ViteUserConfig, env: { command: string }): ViteConfigPatch | undefined {
      // A relative base keeps every URL inside the CSS and JS relative, so one build works under any base URL.
      if (env.command === 'build' && config.base === undefined) return { base: './' }
      return undefined
    },
    configResolved(config: ViteResolvedConfig): void {
      state.root = options.root ?? config.root
      state.publicPath = config.base
      state.skip = config.command !== 'build' || Boolean(config.build.ssr)
    },
  }
}
