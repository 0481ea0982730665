import { createServer } from 'node:http'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, createCdnApp } from './app.js'

const here = dirname(fileURLToPath(import.meta.url))

const host = process.env.HOST ?? '127.0.0.1'
const port = Number(process.env.PORT ?? 3000)

// CDN_PORT=3001 also serves the assets from a second origin, to try ASSETMAP_BASE_URL=http://127.0.0.1:3001/static/
if (process.env.CDN_PORT) {
  const cdnPort = Number(process.env.CDN_PORT)
  createCdnApp().listen(cdnPort, host, () => console.log(`CDN stand-in on http://${host}:${cdnPort}/static/`))
}

// --dev (npm run dev): Vite runs inside this server, on its port, with HMR. Production never loads Vite.
const server = createServer()
const dev = process.argv.includes('--dev') ? await (await import('@assetmap/plugin/dev')).createDevServer({ server, root: here }) : undefined
const { app, assets } = createApp({ dev })
server.on('request', app)
server.listen(port, host, () => {
  console.log(`assetmap demo on http://${host}:${port}/  (assets from ${assets.baseUrl}, release ${assets.manifest.release})`)
})
