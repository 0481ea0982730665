export { fastifyAssets, type FastifyAssetsOptions } from './fastifyAssets.ts'
export { serveAssets } from './serveAssets.ts'
export type { AssetsHandler, ServeOptions } from './types.ts'
