import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import { setupEsbuild, type EsbuildLikeBuild } from './adapters/esbuild.ts'
import { plainRollupState, rollupFamilyHooks } from './adapters/rollupFamily.ts'
import { viteHooks } from './adapters/vite.ts'
import { applyWebpack, type WebpackLikeCompiler } from './adapters/webpack.ts'
import type { Options } from './types.ts'
import { PLUGIN_NAME, resolveOptions } from './core/options.ts'

/** The bundler-independent plugin: each bundler gets only the adapter it needs. */
export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (rawOptions) => {
  const options = resolveOptions(rawOptions)
  return {
    name: PLUGIN_NAME,
    enforce: 'post',
    vite: viteHooks(options),
    rollup: rollupFamilyHooks(options, plainRollupState(options)),
    rolldown: rollupFamilyHooks(options, plainRollupState(options)),
    webpack: (compiler) => applyWebpack(options, compiler as unknown as WebpackLikeCompiler),
    rspack: (compiler) => applyWebpack(options, compiler as unknown as WebpackLikeCompiler),
    esbuild: { setup: (build) => setupEsbuild(options, build as unknown as EsbuildLikeBuild) },
  }
}

/**
 * The assetmap plugin for every bundler unplugin supports. The `./vite`, `./rollup` and
 * `./rolldown` entries make the same plugin without unplugin (see `vite.ts`).
 */
export const unplugin: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
