import { unplugin } from './core/factory.ts'

/** The assetmap plugin for rollup: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rollup = unplugin.rollup
export default plugin
