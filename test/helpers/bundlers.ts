import { build as viteBuild, type InlineConfig } from 'vite'
import webpack, { type Compiler, type Configuration, type Stats } from 'webpack'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { testDir } from './paths.ts'
import autoprefixer from 'autoprefixer'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import assetmapVite from '@assetmap/plugin/vite'
import assetmapWebpack from '@assetmap/plugin/webpack'
import assetmapRspack from '@assetmap/plugin/rspack'
import { rspack, type RspackOptions, type Stats as RspackStats } from '@rspack/core'
import type { Options } from '@assetmap/plugin'

/** Vite's `build()`, from this repo's Vite or from one of the version matrix. */
export type ViteBuild = (config: InlineConfig) => Promise<unknown>

/** Vite `major` installed once (by npm, from the registry) under test/.output/vite-<major>, for the version matrix. */
export async function installedViteBuild(major: number): Promise<ViteBuild> {
  const dir = join(testDir, '.output', `vite-${major}`)
  const entry = join(dir, 'node_modules/vite/dist/node/index.js')
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `vite-${major}-matrix`, private: true, type: 'module', dependencies: { vite: `^${major}.0.0` } }))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], { cwd: dir, stdio: 'pipe' })
  }
  const vite = (await import(pathToFileURL(entry).href)) as { build: ViteBuild; version: string }
  if (!vite.version.startsWith(`${major}.`)) throw new Error(`test/.output/vite-${major} holds Vite ${vite.version}: delete the folder to reinstall.`)
  return vite.build
}

/** The inputs of test/fixtures/app, the same for both bundlers. */
export const appEntries = {
  main: 'src/main.js',
  other: 'src/other.js',
  admin: 'src/admin.js',
  print: 'src/styles/print.css',
}

/** A real in-process `vite build` of a fixture project (inputs absolute, as Vite 6 and 7 resolve relative ones from the working directory). */
export async function buildWithVite(root: string, outDir: string, options?: Options, config: InlineConfig = {}, build: ViteBuild = viteBuild): Promise<void> {
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    ...config,
    build: {
      outDir,
      emptyOutDir: true,
      assetsInlineLimit: 0,
      rollupOptions: { input: Object.values(appEntries).map((input) => join(root, input)) },
      ...config.build,
    },
    plugins: [assetmapVite(options), ...(config.plugins ?? [])],
  })
}

/** Inputs of test/fixtures/vite-backend, relative to its Vite root `frontend/` (three sit outside it). */
export const viteBackendInputs = ['entrypoints/app.js', 'entrypoints/styles.css', '../dir/foo.css', '../dir/custom.css', '../vendor/colors.mjs']

/** A real `vite build` of test/fixtures/vite-backend (root `frontend/`, PostCSS with autoprefixer, Sass). */
export async function buildViteBackend(app: string, outDir: string, options?: Options, config: InlineConfig = {}, build: ViteBuild = viteBuild): Promise<void> {
  await build({
    root: join(app, 'frontend'),
    configFile: false,
    logLevel: 'silent',
    ...config,
    css: { postcss: { plugins: [autoprefixer({ overrideBrowserslist: ['safari 12'] })] }, ...config.css },
    build: { outDir, emptyOutDir: true, assetsInlineLimit: 0, rollupOptions: { input: viteBackendInputs.map((input) => join(app, 'frontend', input)) }, ...config.build },
    plugins: [assetmapVite(options), ...(config.plugins ?? [])],
  })
}

/** The loader and plugin that extract CSS into files, per bundler. */
interface CssExtraction {
  loader: string
  plugin: unknown
}

/** The webpack-style configuration of test/fixtures/app shared by webpack and Rspack. */
function webpackFamilyConfig(root: string, outDir: string, css: CssExtraction, assetmapPlugin: unknown): Configuration {
  return {
    mode: 'production',
    context: root,
    devtool: 'source-map',
    entry: Object.fromEntries(Object.entries(appEntries).map(([name, path]) => [name, `./${path}`])),
    output: {
      path: outDir,
      filename: 'js/[name].[contenthash:8].js',
      chunkFilename: 'js/[name].[contenthash:8].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      clean: true,
    },
    optimization: { runtimeChunk: 'single', splitChunks: { chunks: 'all', minSize: 0 } },
    module: {
      rules: [
        { test: /\.css$/, use: [css.loader, 'css-loader'], type: 'javascript/auto' },
        { test: /\.(png|svg|woff2)$/, type: 'asset/resource' },
      ],
    },
    plugins: [css.plugin, assetmapPlugin] as Configuration['plugins'],
  }
}

/** Runs a webpack-API compiler to the end, rejecting with its errors. */
function run<S extends { hasErrors(): boolean; toString(options: object): string }>(compiler: {
  run(callback: (error: Error | null, stats?: S) => void): void
  close(callback: () => void): void
}): Promise<S> {
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) reject(error)
        else if (!stats || stats.hasErrors()) reject(new Error(stats?.toString({ all: false, errors: true }) ?? 'build failed'))
        else resolve(stats)
      })
    })
  })
}

/** A real in-process webpack production build of a fixture project; `outputFileSystem` (memfs) keeps it in memory. */
export function buildWithWebpack(root: string, outDir: string, options?: Options, config: Configuration = {}, outputFileSystem?: Compiler['outputFileSystem']): Promise<Stats> {
  const css = { loader: MiniCssExtractPlugin.loader, plugin: new MiniCssExtractPlugin({ filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' }) }
  const compiler = webpack({ ...webpackFamilyConfig(root, outDir, css, assetmapWebpack(options)), ...config })
  if (outputFileSystem) compiler.outputFileSystem = outputFileSystem
  return run<Stats>(compiler)
}

/** A real in-process Rspack production build of a fixture project, configured as the webpack one. */
export function buildWithRspack(root: string, outDir: string, options?: Options, config: RspackOptions = {}): Promise<RspackStats> {
  const css = { loader: rspack.CssExtractRspackPlugin.loader, plugin: new rspack.CssExtractRspackPlugin({ filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' }) }
  return run<RspackStats>(rspack({ ...(webpackFamilyConfig(root, outDir, css, assetmapRspack(options)) as RspackOptions), ...config }))
}

/** A webpack build of test/fixtures/webpack-app configured as Webpack Encore configures a Symfony app (with `publicPath: 'auto'`). */
export function buildWebpackApp(app: string, outDir: string, options?: Options): Promise<Stats> {
  return run<Stats>(
    webpack({
      mode: 'production',
      context: app,
      devtool: 'source-map',
      entry: { app: './assets/app.js', admin: './assets/admin.js' },
      output: { path: outDir, publicPath: 'auto', filename: '[name].[contenthash:8].js', chunkFilename: '[name].[contenthash:8].js', assetModuleFilename: 'images/[name].[hash:8][ext]' },
      optimization: {
        runtimeChunk: 'single',
        splitChunks: { chunks: 'all', minSize: 0, cacheGroups: { vendors: { test: /[\\/]vendor[\\/]/, name: 'vendors', priority: 10 } } },
      },
      module: {
        rules: [
          { test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] },
          { test: /\.(png|svg)$/, type: 'asset/resource' },
          { test: /\.woff2$/, type: 'asset/resource', generator: { filename: 'fonts/[name].[hash:8][ext]' } },
        ],
      },
      plugins: [new MiniCssExtractPlugin({ filename: '[name].[contenthash:8].css', chunkFilename: '[name].[contenthash:8].css' }), assetmapWebpack(options)],
    }),
  )
}
