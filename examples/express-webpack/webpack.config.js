import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import assetmap from '@assetmap/plugin/webpack'

const here = dirname(fileURLToPath(import.meta.url))

export default {
  mode: 'production',
  context: here,
  devtool: 'source-map',
  entry: {
    main: './src/main.js',
    print: './src/styles/print.css',
  },
  output: {
    path: join(here, 'dist/static'),
    filename: 'js/[name].[contenthash:8].js',
    chunkFilename: 'js/[name].[contenthash:8].js',
    assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
    // publicPath stays 'auto': chunks load relative to the script, so any base URL works.
  },
  optimization: { runtimeChunk: 'single', splitChunks: { chunks: 'all', minSize: 0 } },
  module: {
    rules: [
      { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
      { test: /\.(png|svg|woff2?)$/, type: 'asset/resource' },
    ],
  },
  plugins: [new MiniCssExtractPlugin({ filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' }), assetmap()],
}
