// `npm run dev`: webpack in memory behind Express, with hot updates; templates render the
// entry tags of the manifest the plugin writes into webpack-dev-middleware's file system.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import express from 'express'
import nunjucks from 'nunjucks'
import webpack from 'webpack'
import webpackDevMiddleware from 'webpack-dev-middleware'
import webpackHotMiddleware from 'webpack-hot-middleware'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import assetmap from '@assetmap/plugin/webpack'
import { followManifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import config from './webpack.config.js'

const here = dirname(fileURLToPath(import.meta.url))

/** The example's app on a development build held in memory; `close()` stops webpack's watcher. */
export function createWebpackDevApp() {
  const compiler = webpack({
    ...config,
    mode: 'development',
    devtool: 'cheap-module-source-map',
    // The hot client reloads the page when an update is not accepted (a JS edit); CSS updates apply in place.
    entry: { ...config.entry, main: ['webpack-hot-middleware/client?reload=true', config.entry.main] },
    // Hot updates need names that stay put; the manifest still lists each file with its integrity.
    output: { ...config.output, filename: 'js/[name].js', chunkFilename: 'js/[name].js', assetModuleFilename: 'assets/[name][ext]', publicPath: '/static/' },
    plugins: [new MiniCssExtractPlugin({ filename: 'css/[name].css', chunkFilename: 'css/[name].css' }), new webpack.HotModuleReplacementPlugin(), assetmap()],
  })
  const devMiddleware = webpackDevMiddleware(compiler, { publicPath: '/static/' })
  const manifestPath = join(config.output.path, 'assetmap.json')
  const assets = followManifest(() => devMiddleware.context.outputFileSystem.readFileSync(manifestPath))
  const app = express()
  addAssetmap(nunjucks.configure(join(here, 'views'), { autoescape: true, express: app, noCache: true }), assets)
  // Requests wait here until the first build (and its manifest) is done.
  app.use(devMiddleware)
  app.use(webpackHotMiddleware(compiler))
  app.get('/', (req, res) => res.render('index.njk'))
  return { app, close: () => new Promise((resolve) => devMiddleware.close(resolve)) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 3000)
  createWebpackDevApp().app.listen(port, '127.0.0.1', () => console.log(`assetmap webpack dev server on http://127.0.0.1:${port}/`))
}
