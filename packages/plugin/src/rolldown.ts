import { unplugin } from './core/factory.ts'

/** The assetmap plugin for rolldown: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.rolldown = unplugin.rolldown
export default plugin
