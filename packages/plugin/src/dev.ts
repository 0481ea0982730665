/**
 * `@assetmap/plugin/dev`: Vite's dev server inside your app, on its port. Import it only in
 * development (`await import('@assetmap/plugin/dev')`): production loads nothing of Vite.
 * @packageDocumentation
 */
export { createDevServer, type DevServerOptions, type EmbeddedDevServer, type Middleware } from './adapters/viteEmbedded.ts'
