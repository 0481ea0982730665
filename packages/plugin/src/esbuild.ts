import { unplugin } from './core/factory.ts'

/** The assetmap plugin for esbuild: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.esbuild = unplugin.esbuild
export default plugin
