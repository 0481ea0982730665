import { unplugin } from './core/factory.ts'

/** The assetmap plugin for rspack: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rspack = unplugin.rspack
export default plugin
