import { createUnplugin, type UnpluginFactory, type UnpluginInstance } from 'unplugin'
import { setupEsbuild, type EsbuildLikeBuild } from './adapters/esbuild.ts'
import { rollupFamilyHooks } from './adapters/rollupFamily.ts'
import { viteHooks } from './adapters/vite.ts'
import { applyWebpack, type WebpackLikeCompiler } from './adapters/webpack.ts'
import type { Options } from './types.ts'
import { resolveOptions } from './core/options.ts'

/** The bundler-independent plugin: each bundler gets only the adapter it needs. */
export const unpluginFactory: UnpluginFactory<Options | undefined, false> = (rawOptions) => {
  const options = resolveOptions(rawOptions)
  const plainRollupState = () => ({ root: options.root ?? process.cwd(), publicPath: undefined, skip: false })
  return {
    name: 'assetmap:manifest',
    enforce: 'post',
    vite: viteHooks(options),
    rollup: rollupFamilyHooks(options, plainRollupState()),
    rolldown: rollupFamilyHooks(options, plainRollupState()),
    webpack: (compiler) => applyWebpack(options, compiler as unknown as WebpackLikeCompiler),
    rspack: (compiler) => applyWebpack(options, compiler as unknown as WebpackLikeCompiler),
    esbuild: { setup: (build) => setupEsbuild(options, build as unknown as EsbuildLikeBuild) },
  }
}

/** The assetmap plugin for every bundler unplugin supports. */
export const unplugin: UnpluginInstance<Options | undefined, false> = /* #__PURE__ */ createUnplugin(unpluginFactory)
