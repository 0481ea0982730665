export { unplugin, unpluginFactory } from './unplugin.ts'
export type { Options } from './types.ts'
