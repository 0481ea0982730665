import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { fixture, repoRoot } from '../helpers/paths.ts'
import { runToEnd } from '../helpers/readme.ts'

const PACKAGES = ['runtime', 'engine', 'plugin', 'nunjucks', 'serve', 'cli']

function rootDevVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[name]!
}

function manifestOf(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'assetmap.json'), 'utf8')) as Manifest
}

const VITE_CONFIG = `import assetmap from '@assetmap/plugin/vite'

export default {
  build: { outDir: 'dist/vite', assetsInlineLimit: 0, rollupOptions: { input: ['src/main.js', 'src/admin.js', 'src/styles/print.css'] } },
  plugins: [assetmap({ static: ['static'] })],
}
`

const WEBPACK_BUILD = `import { resolve } from 'node:path'
import webpack from 'webpack'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import assetmap from '@assetmap/plugin/webpack'

webpack({
  mode: 'production',
  entry: { main: './src/main.js', print: './src/styles/print.css' },
  output: { path: resolve('dist/webpack'), filename: 'js/[name].[contenthash:8].js' },
  module: { rules: [{ test: /\\.css$/, use: [MiniCssExtractPlugin.loader, 'css-loader'] }, { test: /\\.(png|svg|woff2?)$/, type: 'asset/resource' }] },
  plugins: [new MiniCssExtractPlugin({ filename: 'css/[name].[contenthash:8].css' }), assetmap()],
}, (error, stats) => {
  if (error || stats.hasErrors()) { console.error(error ?? stats.toString('errors-only')); process.exit(1) }
})
`

// Renders a page from the Vite build and fetches every URL in it from @assetmap/serve.
const RENDER = `import { createServer } from 'node:http'
import nunjucks from 'nunjucks'
import { createAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'

const assets = createAssets({ manifest: 'dist/vite/assetmap.json' })
const page = nunjucks.configure({ autoescape: true })
addAssetmap(page, assets)
const html = page.renderString("<link rel=icon href=\\"{{ static('img/logo.svg') }}\\">{% entry 'src/main.js' %}", {})
const server = createServer(serveAssets(assets, { prefix: '/static/' })).listen(0, '127.0.0.1')
await new Promise((resolve) => server.on('listening', resolve))
const statuses = []
for (const [, url] of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
  const response = await fetch('http://127.0.0.1:' + server.address().port + url)
  statuses.push([url, response.status, response.headers.get('cache-control')])
}
server.close()
console.log(JSON.stringify({ html, statuses }))
`

describe('the packed packages, installed into a new project outside the repository', () => {
  let work: string
  let project: string
  const tarballs: Record<string, string> = {}

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'assetmap-pack-'))
    const packed = await runToEnd('npm', ['pack', '--json', '--pack-destination', work, ...PACKAGES.flatMap((name) => ['--workspace', `packages/${name}`])], repoRoot)
    expect(packed.code, packed.stderr).toBe(0)
    for (const { name, filename } of JSON.parse(packed.stdout) as Array<{ name: string; filename: string }>) tarballs[name] = join(work, filename)

    project = join(work, 'project')
    mkdirSync(project)
    cpSync(join(fixture('app'), 'src'), join(project, 'src'), { recursive: true })
    cpSync(join(fixture('readme-collectstatic'), 'static'), join(project, 'static'), { recursive: true })
    writeFileSync(join(project, 'vite.config.js'), VITE_CONFIG)
    writeFileSync(join(project, 'webpack.build.js'), WEBPACK_BUILD)
    writeFileSync(join(project, 'render.js'), RENDER)
    // No workspaces, no links: the tarballs, plus the bundlers and engine a user brings (same ranges as this repository's).
    const dependencies = Object.fromEntries(Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]))
    for (const name of ['vite', 'webpack', 'mini-css-extract-plugin', 'css-loader', 'nunjucks', '@aws-sdk/client-s3']) dependencies[name] = rootDevVersion(name)
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'new-app', private: true, type: 'module', dependencies }, null, 2))
    const install = await runToEnd('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts=false'], project)
    expect(install.code, install.stderr).toBe(0)
  }, 600_000)

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('packs only what users need: dist, the sources the declaration maps point at, README, LICENSE', () => {
    for (const name of PACKAGES) {
      const installed = join(project, 'node_modules/@assetmap', name)
      const top = readdirSync(installed).sort()
      expect(top, name).toEqual([...(name === 'cli' ? ['bin'] : []), 'LICENSE', 'README.md', 'dist', 'package.json', 'src'].sort())
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/)
      expect(readdirSync(join(installed, 'src'), { recursive: true }).some((file) => String(file).endsWith('.test.ts'))).toBe(false)
    }
  })

  it('installs real copies, not links into the repository', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { link?: boolean; resolved?: string }> }
    for (const name of PACKAGES) {
      const entry = lock.packages[`node_modules/@assetmap/${name}`]!
      expect(entry.link, name).toBeUndefined()
      expect(entry.resolved, name).toMatch(/\.tgz$/)
    }
  })

  it('a Vite build with the plugin writes a valid manifest with the static folder', async () => {
    const build = await runToEnd('npx', ['vite', 'build', '--logLevel', 'warn'], project)
    expect(build.code, build.stderr).toBe(0)
    const manifest = manifestOf(join(project, 'dist/vite'))
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries)).toEqual(['src/admin.js', 'src/main.js', 'src/styles/print.css'])
    expect(manifest.assets['img/logo.svg']).toMatch(/^img\/logo\.[0-9a-f]{12}\.svg$/)
  }, 180_000)

  it('a Nunjucks render resolves the names, and @assetmap/serve serves every URL immutable', async () => {
    const render = await runToEnd(process.execPath, ['render.js'], project)
    expect(render.code, render.stderr).toBe(0)
    const { html, statuses } = JSON.parse(render.stdout) as { html: string; statuses: Array<[string, number, string]> }
    expect(html).toContain('<script type="module"')
    expect(statuses.length).toBeGreaterThan(2)
    for (const [url, status, cacheControl] of statuses) expect([url, status, cacheControl]).toEqual([url, 200, 'public, max-age=31536000, immutable'])
  }, 180_000)

  it('a webpack build with the plugin writes a valid manifest', async () => {
    const build = await runToEnd(process.execPath, ['webpack.build.js'], project)
    expect(build.code, build.stderr).toBe(0)
    const manifest = manifestOf(join(project, 'dist/webpack'))
    expect(validateManifest(manifest)).toEqual([])
    expect(manifest.entries['src/main.js']).toMatchObject({ type: 'classic', css: [expect.stringMatching(/^css\//)] })
  }, 180_000)

  it('npx assetmap is on the PATH: --version, then build', async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as { version: string }
    expect((await runToEnd('npx', ['--no-install', 'assetmap', '--version'], project)).stdout).toBe(`${version}\n`)
    const build = await runToEnd('npx', ['--no-install', 'assetmap', 'build', 'static', '--out', 'dist/cli'], project)
    expect(build.code, build.stderr).toBe(0)
    expect(validateManifest(manifestOf(join(project, 'dist/cli')))).toEqual([])
  }, 180_000)

  it('publint finds nothing to report in any package', async () => {
    for (const name of PACKAGES) {
      const lint = await runToEnd(join(repoRoot, 'node_modules/.bin/publint'), ['run', tarballs[`@assetmap/${name}`]!, '--strict', '--level', 'suggestion'], repoRoot)
      expect(lint.code, `${name}: ${lint.stdout}${lint.stderr}`).toBe(0)
      expect(lint.stdout, name).toContain('All good!')
    }
  }, 180_000)

  it('are the types wrong? No: every entry point resolves with types under node16 (ESM) and bundler resolution', async () => {
    for (const name of PACKAGES) {
      const check = await runToEnd(join(repoRoot, 'node_modules/.bin/attw'), [tarballs[`@assetmap/${name}`]!, '--profile', 'esm-only', '--format', 'json'], repoRoot)
      expect(check.code, `${name}: ${check.stdout.slice(0, 2000)}${check.stderr}`).toBe(0)
    }
  }, 180_000)
})
