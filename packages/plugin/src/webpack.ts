import { unplugin } from './unplugin.ts'

/** The assetmap plugin for webpack: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.webpack = unplugin.webpack
export default plugin
