export { addAssetmap } from './addAssetmap.ts'
export { AssetmapExtension } from './AssetmapExtension.ts'
export type { AddAssetmapOptions } from './types.ts'
