// One static server in its own process, for serve.bench.js: `node staticServer.js <kind> <root>`.
// Prints the port once listening. Every kind serves <root> under /static/.
import { createServer } from 'node:http'
import { join } from 'node:path'
import express from 'express'
import sirv from 'sirv'
import { createAssets } from '@assetmap/runtime'
import { serveAssets } from '@assetmap/serve'

const [kind, root] = process.argv.slice(2)

function handlerFor(kind) {
  switch (kind) {
    case 'assetmap':
      return serveAssets(createAssets({ manifest: join(root, 'assetmap.json') }), { prefix: '/static/' })
    // Without the memory cache every request opens and reads the file, as sirv and serve-static do.
    case 'assetmap-disk':
      return serveAssets(createAssets({ manifest: join(root, 'assetmap.json') }), { prefix: '/static/', memoryCache: 0 })
    case 'sirv': {
      // sirv with its precompressed lookups on, and immutable caching as its docs suggest for hashed files.
      const serve = sirv(root, { brotli: true, gzip: true, immutable: true, maxAge: 31536000, etag: true })
      return (req, res) => {
        req.url = req.url.slice('/static'.length)
        serve(req, res, () => res.writeHead(404).end())
      }
    }
    case 'serve-static': {
      const app = express()
      app.use('/static', express.static(root, { immutable: true, maxAge: '1y', index: false }))
      return app
    }
    default:
      throw new Error(`unknown server kind ${kind}`)
  }
}

const server = createServer(handlerFor(kind)).listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
