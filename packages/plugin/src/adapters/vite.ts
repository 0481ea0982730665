import { staticWatchPaths } from '../core/staticWatchPaths.ts'
import type { ResolvedOptions } from '../types.ts'
import { rollupFamilyHooks, type RollupFamilyHooks, type RollupFamilyState } from './rollupFamily.ts'
import type { EmbeddedDevInfo, ViteDevServerLike } from './viteDevServer.ts'
import { devServerConfig, type ViteServerUserConfig } from './viteDevServerConfig.ts'
import { inlinedAssets, type AssetsInlineLimit, type EmitContext } from './viteInlinedAssets.ts'

interface ViteUserConfig {
  base?: string
  build?: { emptyOutDir?: boolean | null; assetsInlineLimit?: AssetsInlineLimit }
  server?: ViteServerUserConfig
}
type ViteConfigPatch = { base?: string; build?: { emptyOutDir?: boolean; assetsInlineLimit: (file: string, content: Buffer) => boolean }; server?: Record<string, unknown> }
type GenerateBundleThis = EmitContext & { environment?: { config: { consumer?: string } } }
interface ViteResolvedConfig {
  root: string
  logger: { info(message: string): void }
  base: string
  command: 'build' | 'serve'
  build: { ssr?: unknown; cssCodeSplit?: boolean }
}

/** The hooks assetmap adds to Vite. */
export interface ViteHooks extends Omit<RollupFamilyHooks, 'buildStart'> {
  buildStart(this: { addWatchFile(id: string): void }, ...args: Parameters<RollupFamilyHooks['buildStart']>): void
  config(config: ViteUserConfig, env: { command: string }): ViteConfigPatch | undefined
  configResolved(config: ViteResolvedConfig): void
  configureServer(server: ViteDevServerLike): Promise<void>
  generateBundle(this: GenerateBundleThis): void
  /** For `@assetmap/plugin/dev`, which finds this plugin in the Vite config. */
  api: { assetmapDevInfo(viteRoot: string): Promise<EmbeddedDevInfo> }
}

/** Vite hooks: a relative `base` for location-independent builds, and the manifest on write. */
export function viteHooks(options: ResolvedOptions): ViteHooks {
  const state: RollupFamilyState = { root: options.root ?? process.cwd(), publicPath: undefined, skip: false, absoluteSourceKeys: true }
  const shared = rollupFamilyHooks(options, state)
  const inlined = inlinedAssets()
  return {
    buildStart(this: { addWatchFile(id: string): void }, inputOptions) {
      shared.buildStart(inputOptions)
      inlined.reset()
      // Nothing imports the static files: in `vite build --watch`, only this makes an edit of one rebuild.
      if (state.skip || options.static.length === 0) return
      const { dirs, files } = staticWatchPaths(options.static, state.root)
      for (const path of [...dirs, ...files]) this.addWatchFile(path)
    },
    generateBundle(this: GenerateBundleThis): void {
      if (state.skip || this.environment?.config.consumer === 'server') return
      inlined.emit(this, state.sourceRoot ?? state.root)
    },
    writeBundle: shared.writeBundle,
    config(config: ViteUserConfig, env: { command: string }): ViteConfigPatch | undefined {
      // A relative base keeps every URL inside the CSS and JS relative, so one build works under any base URL.
      if (env.command === 'build') {
        const patch: ViteConfigPatch = {}
        if (config.base === undefined) patch.base = './'
        // docs/design.md invariant 4: a build never deletes an earlier release's hashed files (`assetmap clean` does).
        // docs/development.md: an imported file Vite inlines is a file in the manifest too, as in dev.
        patch.build = { assetsInlineLimit: inlined.limit(config.build?.assetsInlineLimit) }
        if (config.build?.emptyOutDir == null) patch.build.emptyOutDir = false
        return patch
      }
      if (env.command === 'serve') return { server: devServerConfig(config.server, options) }
      return undefined
    },
    async configureServer(server: ViteDevServerLike): Promise<void> {
      // Loaded only when `vite` (dev) runs, so that `vite build` never pays for the dev server's imports.
      const { configureDevServer } = await import('./viteDevServer.ts')
      configureDevServer(server, options)
    },
    api: {
      async assetmapDevInfo(viteRoot: string): Promise<EmbeddedDevInfo> {
        const { embeddedDevInfo } = await import('./viteDevServer.ts')
        return embeddedDevInfo(options, viteRoot)
      },
    },
    configResolved(config: ViteResolvedConfig): void {
      state.root = options.root ?? config.root
      state.sourceRoot = config.root
      state.cssCodeSplit = config.build.cssCodeSplit !== false
      state.publicPath = config.base
      state.skip = config.command !== 'build' || Boolean(config.build.ssr)
      state.info = (message) => config.logger.info(message)
    },
  }
}
