import type { ResolvedOptions } from '../types.ts'

/** Vite's default `server.cors.origin` since 6.0.9: local origins only. */
const LOCAL_ORIGIN = /^https?:\/\/(?:(?:[^:]+\.)?localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/

/** What the user set of `server`, to fill in only what is missing. */
export interface ViteServerUserConfig {
  host?: string | boolean
  port?: number
  origin?: string
  cors?: unknown
  strictPort?: boolean
  middlewareMode?: boolean | object
}

/**
 * `server` settings for working behind a backend: `origin`, so that asset URLs in CSS and
 * modules point at the dev server rather than the backend's page origin, with `strictPort` so
 * the origin stays true; `cors.origin` for the backend's origins (Vite 6+ allows only local ones).
 */
export function devServerConfig(user: ViteServerUserConfig | undefined, options: ResolvedOptions): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  // Embedded in the app, Vite shares the page's origin: URLs relative to it are already right.
  if (user?.middlewareMode) return patch
  if (user?.origin === undefined) {
    const host = typeof user?.host === 'string' && user.host !== '0.0.0.0' ? user.host : 'localhost'
    patch.origin = `http://${host}:${user?.port ?? 5173}`
    if (user?.strictPort === undefined) patch.strictPort = true
  }
  if (user?.cors === undefined && options.backendOrigin.length > 0) patch.cors = { origin: [LOCAL_ORIGIN, ...options.backendOrigin] }
  return patch
}
