import { unplugin } from './unplugin.ts'

/** The assetmap plugin for rspack: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rspack = unplugin.rspack
export default plugin
