import { createApp, createCdnApp } from './app.js'

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)

// CDN_PORT=3001 also serves the assets from a second origin, to try ASSETMAP_BASE_URL=http://127.0.0.1:3001/static/
if (process.env.CDN_PORT) {
  const cdnPort = Number(process.env.CDN_PORT)
  createCdnApp().listen(cdnPort, host, () => console.log(`CDN stand-in on http://${host}:${cdnPort}/static/`))
}

const { app, assets } = createApp()
app.listen(port, host, () => {
  console.log(`assetmap demo on http://${host}:${port}/  (assets from ${assets.baseUrl}, release ${assets.manifest.release})`)
})
