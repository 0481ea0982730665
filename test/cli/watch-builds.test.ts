import { cpSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import webpack from 'webpack'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import { afterAll, describe, expect, it } from 'vitest'
import assetmapVite from '@assetmap/plugin/vite'
import assetmapWebpack from '@assetmap/plugin/webpack'
import { createAssets, validateManifest, type Assets, type Manifest } from '@assetmap/runtime'
import { appEntries } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

/** A writable copy of the app fixture. */
async function appCopy(label: string): Promise<string> {
  const root = await outputDir(label)
  cpSync(fixture('app'), root, { recursive: true })
  return root
}

/** Every file the manifest names is on disk, and the manifest is valid. */
function expectConsistent(outDir: string, manifest: Manifest): void {
  expect(validateManifest(manifest)).toEqual([])
  for (const path of Object.keys(manifest.files)) expect(existsSync(join(outDir, path)), path).toBe(true)
}

describe('watch builds rewrite the manifest, and a watching runtime follows', () => {
  const cleanups: (() => unknown)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup()
  })

  /** The app under `vite build --watch` with the assetmap plugin. */
  const watchWithVite = async (root: string, outDir: string, options: Parameters<typeof assetmapVite>[0]) => {
    const watcher = (await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { outDir, assetsInlineLimit: 0, rollupOptions: { input: Object.values(appEntries) }, watch: {} },
      plugins: [assetmapVite(options)],
    })) as unknown as { on(event: 'event', listener: (event: { code: string; result?: { close(): unknown } }) => void): void; close(): Promise<void> }
    cleanups.push(() => watcher.close())
    return watcher
  }

  /** The app under `webpack --watch` with the assetmap plugin; each build's manifest is pushed to the list returned. */
  const watchWithWebpack = (root: string, outDir: string, options: Parameters<typeof assetmapWebpack>[0]): Manifest[] => {
    const compiler = webpack({
      mode: 'production',
      context: root,
      entry: Object.fromEntries(Object.entries(appEntries).map(([name, path]) => [name, `./${path}`])),
      output: { path: outDir, filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js', assetModuleFilename: 'assets/[name].[contenthash:8][ext]' },
      module: { rules: [{ test: /\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] }, { test: /\.(png|svg|woff2)$/, type: 'asset/resource' }] },
      plugins: [new MiniCssExtractPlugin({ filename: 'css/[name].[contenthash:8].css' }), assetmapWebpack(options)],
    })
    const manifests: Manifest[] = []
    const watching = compiler.watch({ aggregateTimeout: 50 }, (error, stats) => {
      if (error || stats?.hasErrors()) throw error ?? new Error(stats!.toString('errors-only'))
      manifests.push(JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')))
    })
    cleanups.push(() => new Promise((resolve) => watching.close(resolve)))
    return manifests
  }

  it('vite build --watch: a change gives a new manifest with the new name and no stale entry', async () => {
    const root = await appCopy('vite-watch')
    const outDir = join(root, 'dist')
    const watcher = await watchWithVite(root, outDir, {})
    let builds = 0
    watcher.on('event', (event) => {
      if (event.code === 'BUNDLE_END') event.result?.close()
      if (event.code === 'END') builds++
    })
    await until(() => builds >= 1 && existsSync(join(outDir, 'assetmap.json')), 'the first build')
    const first = await readManifest(outDir)
    const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), watch: true })
    cleanups.push(() => assets.close())
    const before = assets.entry('src/main.js').js[0]!

    writeFileSync(join(root, 'src/main.js'), `${readFileSync(join(root, 'src/main.js'), 'utf8')}\nconsole.log('changed by the watch test')\n`)
    const second = await until(async () => {
      const manifest = await readManifest(outDir)
      return manifest.release !== first.release ? manifest : undefined
    }, 'the rebuild')
    expectConsistent(outDir, second)
    expect(second.entries['src/main.js']!.js[0]).not.toBe(first.entries['src/main.js']!.js[0])
    expect(Object.keys(second.files)).not.toContain(first.entries['src/main.js']!.js[0])
    // Invariant 4: the earlier build's file is still there for pages that name it.
    expect(existsSync(join(outDir, first.entries['src/main.js']!.js[0]!))).toBe(true)
    expect(Object.keys(second.assets).sort()).toEqual(Object.keys(first.assets).sort())
    const after = await until(() => (assets.entry('src/main.js').js[0] !== before ? assets.entry('src/main.js').js[0] : undefined), 'the runtime to reload')
    expect(after).toBe(`/static/${second.entries['src/main.js']!.js[0]}`)
  })

  it('webpack watch: each rebuild rewrites the manifest', async () => {
    const root = await appCopy('webpack-watch')
    const outDir = join(root, 'dist')
    const manifests = watchWithWebpack(root, outDir, {})
    await until(() => manifests.length >= 1, 'the first webpack build')
    writeFileSync(join(root, 'src/other.js'), `${readFileSync(join(root, 'src/other.js'), 'utf8')}\nconsole.log('changed')\n`)
    await until(() => manifests.length >= 2, 'the webpack rebuild')
    const [first, second] = manifests as [Manifest, Manifest]
    expectConsistent(outDir, second)
    expect(second.entries['src/other.js']!.js).not.toEqual(first.entries['src/other.js']!.js)
    expect(second.entries['src/main.js']!.js).toEqual(first.entries['src/main.js']!.js)
  })

  it('vite build --watch: editing a file of a static dir rebuilds, with the new hash in the manifest', async () => {
    const root = await appCopy('vite-watch-static')
    cpSync(fixture('static-site'), join(root, 'static'), { recursive: true })
    const outDir = join(root, 'dist')
    const watcher = await watchWithVite(root, outDir, { static: [{ dir: 'static', prefix: 'site' }] })
    watcher.on('event', (event) => {
      if (event.code === 'BUNDLE_END') event.result?.close()
    })
    const first = await until(() => existsSync(join(outDir, 'assetmap.json')) && readManifest(outDir), 'the first build')
    writeFileSync(join(root, 'static/css/base.css'), `${readFileSync(join(root, 'static/css/base.css'), 'utf8')}\n.edited { color: red }\n`)
    const second = await until(async () => {
      const manifest = await readManifest(outDir)
      return manifest.assets['site/css/base.css'] !== first.assets['site/css/base.css'] ? manifest : undefined
    }, 'a rebuild after a static file changed')
    expectConsistent(outDir, second)
    expect(readFileSync(join(outDir, second.assets['site/css/base.css']!), 'utf8')).toContain('.edited')
    expect(second.assets['site/img/logo.png']).toBe(first.assets['site/img/logo.png'])
  })

  it('webpack watch: editing a file of a static dir rebuilds, with the new hash in the manifest', async () => {
    const root = await appCopy('webpack-watch-static')
    cpSync(fixture('static-site'), join(root, 'static'), { recursive: true })
    // Files younger than the watch count as changed when it starts, which would rebuild whatever it watches.
    const past = new Date(Date.now() - 3600_000)
    for (const path of readdirSync(root, { recursive: true }) as string[]) utimesSync(join(root, path), past, past)
    const outDir = join(root, 'dist')
    const manifests = watchWithWebpack(root, outDir, { static: [{ dir: 'static', prefix: 'site' }] })
    await until(() => manifests.length >= 1, 'the first webpack build')
    writeFileSync(join(root, 'static/css/base.css'), `${readFileSync(join(root, 'static/css/base.css'), 'utf8')}\n.edited { color: red }\n`)
    await until(() => manifests.length >= 2, 'a webpack rebuild after a static file changed')
    const [first, second] = manifests as [Manifest, Manifest]
    expectConsistent(outDir, second)
    expect(second.assets['site/css/base.css']).not.toBe(first.assets['site/css/base.css'])
    expect(second.assets['site/img/logo.png']).toBe(first.assets['site/img/logo.png'])
  })

  it('keeps serving the old manifest when the new one is invalid, logs why, and takes the next valid one', async () => {
    const outDir = await outputDir('watch-invalid')
    const valid = JSON.parse(readFileSync(join(fixture('manifests'), 'site.json'), 'utf8')) as Manifest
    writeFileSync(join(outDir, 'assetmap.json'), JSON.stringify(valid))
    const warnings: string[] = []
    const assets: Assets = createAssets({ manifest: join(outDir, 'assetmap.json'), watch: true, onWarning: (message) => warnings.push(message) })
    cleanups.push(() => assets.close())
    const url = assets.url('css/site.css')
    writeFileSync(join(outDir, 'assetmap.json'), '{"version": 1, "assets": {')
    await until(() => warnings.length > 0, 'the warning')
    expect(warnings[0]).toContain('is not valid JSON')
    expect(warnings[0]).toContain(`Still using release ${valid.release}`)
    expect(assets.url('css/site.css')).toBe(url)
    const next = { ...valid, release: 'next', assets: { ...valid.assets, 'css/site.css': 'css/site.0123456789ab.css' }, files: { ...valid.files, 'css/site.0123456789ab.css': valid.files['css/site.3f9a1c2b4d5e.css']! } }
    writeFileSync(join(outDir, 'assetmap.json'), JSON.stringify(next))
    await until(() => (assets.manifest.release === 'next' ? true : undefined), 'the valid manifest')
    expect(assets.url('css/site.css')).toBe('/static/css/site.0123456789ab.css')
  })
})
