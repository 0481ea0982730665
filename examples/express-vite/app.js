import { randomBytes } from 'node:crypto'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import nunjucks from 'nunjucks'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'

const here = dirname(fileURLToPath(import.meta.url))
export const defaultManifest = join(here, 'dist/static/assetmap.json')

/** Origin of an absolute base URL (a CDN), for the Content-Security-Policy. */
function cdnOrigin(baseUrl) {
  return /^(https?:)?\/\//.test(baseUrl) ? new URL(baseUrl, 'http://localhost').origin : ''
}

/**
 * Serves the output dir: files the manifest names are content-hashed, so they are cached
 * forever; anything else (robots.txt, the unhashed originals) briefly.
 */
export function staticFiles(staticDir, manifest) {
  const hashed = new Set(Object.keys(manifest.files))
  return express.static(staticDir, {
    index: false,
    setHeaders(res, path) {
      const name = relative(staticDir, path).split(sep).join('/')
      res.setHeader('Cache-Control', hashed.has(name) ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
      // Fonts and module scripts fetched from another origin (a CDN) need CORS.
      res.setHeader('Access-Control-Allow-Origin', '*')
    },
  })
}

/**
 * The demo app: Nunjucks pages whose asset URLs come from the manifest. The base URL comes from
 * `baseUrl`, else ASSETMAP_BASE_URL, else the manifest (`/static/`), so one build runs anywhere.
 */
export function createApp({ manifest = defaultManifest, baseUrl } = {}) {
  const assets = createAssets({ manifest, baseUrl })
  const app = express()
  const env = nunjucks.configure(join(here, 'views'), { autoescape: true, express: app })
  addAssetmap(env, assets)
  env.addGlobal('release', assets.manifest.release)
  env.addGlobal('baseUrl', assets.baseUrl)

  const origin = cdnOrigin(assets.baseUrl)
  app.use((req, res, next) => {
    // A nonce per response; 'strict-dynamic' lets the nonced entry load its chunks and dynamic imports.
    res.locals.cspNonce = randomBytes(16).toString('base64')
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'nonce-${res.locals.cspNonce}' 'strict-dynamic'`,
        `style-src 'self' ${origin}`.trim(),
        `img-src 'self' ${origin}`.trim(),
        `font-src 'self' ${origin}`.trim(),
        `connect-src 'self' ${origin}`.trim(),
      ].join('; '),
    )
    next()
  })
  app.use('/static', staticFiles(dirname(manifest), assets.manifest))
  app.get('/', (req, res) => res.render('index.njk', { title: 'assetmap demo' }))
  app.get('/admin', (req, res) => res.render('admin.njk', { title: 'Admin' }))
  return { app, assets }
}

/** A stand-in CDN: serves the same output dir from another origin. */
export function createCdnApp({ manifest = defaultManifest } = {}) {
  const assets = createAssets({ manifest })
  const app = express()
  app.use('/static', staticFiles(dirname(manifest), assets.manifest))
  return app
}
