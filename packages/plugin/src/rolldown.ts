import assetmap from './rollup.ts'

/** The assetmap plugin for Rolldown: `plugins: [assetmap()]` (the Rollup plugin: the same hooks). */
export default assetmap
