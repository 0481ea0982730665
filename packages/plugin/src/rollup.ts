import { unplugin } from './unplugin.ts'

/** The assetmap plugin for rollup: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rollup = unplugin.rollup
export default plugin
