import { unplugin } from './unplugin.ts'

/** The assetmap plugin for rolldown: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rolldown = unplugin.rolldown
export default plugin
