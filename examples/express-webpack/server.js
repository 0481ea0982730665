import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import nunjucks from 'nunjucks'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'

const here = dirname(fileURLToPath(import.meta.url))

/** The webpack demo: same templates API, classic deferred scripts from webpack's entrypoints. */
export function createWebpackApp({ manifest = join(here, 'dist/static/assetmap.json'), baseUrl } = {}) {
  const assets = createAssets({ manifest, baseUrl })
  const app = express()
  addAssetmap(nunjucks.configure(join(here, 'views'), { autoescape: true, express: app }), assets)
  app.use('/static', serveAssets(assets, { cors: true }))
  app.get('/', (req, res) => res.render('index.njk'))
  return app
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3000)
  createWebpackApp().listen(port, '127.0.0.1', () => console.log(`assetmap webpack demo on http://127.0.0.1:${port}/`))
}
