import { unplugin } from './unplugin.ts'

/** The assetmap plugin for esbuild: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.esbuild = unplugin.esbuild
export default plugin
