import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import nunjucks from 'nunjucks'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'

const here = dirname(fileURLToPath(import.meta.url))
export const defaultManifest = join(here, 'dist/static/assetmap.json')

/** Origin of an absolute base URL (a CDN), for the Content-Security-Policy. */
function cdnOrigin(baseUrl) {
  return /^(https?:)?\/\//.test(baseUrl) ? new URL(baseUrl, 'http://localhost').origin : ''
}

/**
 * The demo app: Nunjucks pages whose asset URLs come from the manifest. The base URL comes from
 * `baseUrl`, else ASSETMAP_BASE_URL, else the manifest (`/static/`), so one build runs anywhere.
 */
export function createApp({ manifest = defaultManifest, baseUrl, release, views = join(here, 'views'), dev } = {}) {
  // `dev`: Vite embedded in this app (server.js --dev). Else `release` (or ASSETMAP_RELEASE) pins
  // this server to its own build during a rolling deploy.
  const assets = dev ? dev.assets : createAssets({ manifest, baseUrl, release })
  const app = express()
  // Vite's modules, @vite/client and the static dirs, on this app's origin, before the routes.
  if (dev) app.use(dev.middlewares)
  // While assets.dev, addAssetmap has Nunjucks re-read templates on every render, so edits show.
  const env = nunjucks.configure(views, { autoescape: true, express: app })
  addAssetmap(env, assets)
  env.addGlobal('release', assets.manifest.release)
  env.addGlobal('baseUrl', assets.baseUrl)

  app.use((req, res, next) => {
    // Per request: a `vite` started or stopped beside this server switches assets.dev and the base.
    const origin = cdnOrigin(assets.baseUrl)
    // A nonce per response; 'strict-dynamic' lets the nonced entry load its chunks and dynamic imports.
    res.locals.cspNonce = randomBytes(16).toString('base64')
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'nonce-${res.locals.cspNonce}' 'strict-dynamic'`,
        // Vite's dev server injects imported CSS as <style> elements and talks HMR over a WebSocket.
        `style-src 'self' ${origin}${assets.dev ? " 'unsafe-inline'" : ''}`.trim(),
        `img-src 'self' ${origin}`.trim(),
        `font-src 'self' ${origin}`.trim(),
        `connect-src 'self' ${origin}${assets.dev ? ` ${origin.replace(/^http/, 'ws')}` : ''}`.trim(),
      ].join('; '),
    )
    next()
  })
  // Hashed files immutable, precompressed variants, ranges, 304s; CORS for fonts and module scripts from a CDN origin.
  if (!dev) app.use('/static', serveAssets(assets, { cors: true }))
  app.get('/', (req, res) => res.render('index.njk', { title: 'assetmap demo' }))
  app.get('/admin', (req, res) => res.render('admin.njk', { title: 'Admin' }))
  // A failed render in the terminal and in Vite's error overlay.
  if (dev) app.use(dev.errors)
  return { app, assets }
}

/** A stand-in CDN: serves the same output dir from another origin. */
export function createCdnApp({ manifest = defaultManifest } = {}) {
  const assets = createAssets({ manifest })
  const app = express()
  // Hashed files immutable, precompressed variants, ranges, 304s; CORS for fonts and module scripts from a CDN origin.
  app.use('/static', serveAssets(assets, { cors: true }))
  return app
}
