import { unplugin } from './unplugin.ts'

/** The assetmap plugin for vite: `plugins: [assetmap()]`. */
const plugin: typeof unplugin.vite = unplugin.vite
export default plugin
