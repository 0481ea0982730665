import { join } from 'node:path'
import express from 'express'
import nunjucks from 'nunjucks'
import { build as viteBuild } from 'vite'
import assetmapVite from '@assetmap/plugin/vite'
import { assetLocals, createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { serveAssets } from '@assetmap/serve'
import { runCli } from './cli.ts'
import { fixture, outputDir } from './paths.ts'
import { close, listen } from './servers.ts'

export const buildsFixture = fixture('builds-two')

/** Where each build of test/fixtures/builds-two went. */
export interface BuiltFolders {
  site: string
  admin: string
  legacy: string
}

/** A real `vite build` of one Vite project of the fixture (`site/` or `admin/`), with the plugin's options. */
async function buildVite(project: 'site' | 'admin', input: string, outDir: string, base?: string): Promise<void> {
  const root = join(buildsFixture, project)
  await viteBuild({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(root, input) } },
    plugins: [assetmapVite(base === undefined ? {} : { base })],
  })
}

/** The three builds: two Vite configs (site, admin with its own base) and `legacy/` hashed by `assetmap build`. */
export async function buildAll(): Promise<BuiltFolders> {
  const out = await outputDir('builds-two')
  const folders = { site: join(out, 'site'), admin: join(out, 'admin'), legacy: join(out, 'legacy') }
  await buildVite('site', 'src/main.js', folders.site)
  await buildVite('admin', 'src/admin.js', folders.admin, '/admin-static/')
  const cli = await runCli('build', join(buildsFixture, 'legacy'), '--out', folders.legacy, '--base', '/legacy/')
  if (cli.code !== 0) throw new Error(`assetmap build failed: ${cli.stderr}`)
  return folders
}

/**
 * One `Assets` for the app's builds, as an app would write it: the default build is the site,
 * `admin` and `legacy` take their bases from their manifests, and `mirror` is the site's folder
 * again under another name (two names for one output must still load each file once).
 */
export function appAssets(folders: BuiltFolders): Assets {
  return createAssets({
    manifest: folders.site,
    baseUrl: '/static/',
    dev: false,
    builds: { admin: { manifest: folders.admin, dev: false }, legacy: { manifest: folders.legacy, dev: false }, mirror: { manifest: folders.site, baseUrl: '/static/', dev: false } },
  })
}

/** Every build's base on the CDN origin, by build name. */
export function cdnBases(cdn: string): Record<string, string> {
  return { default: `${cdn}/site/`, admin: `${cdn}/admin/`, legacy: `${cdn}/legacy/`, mirror: `${cdn}/site/` }
}

/** The app (pages, each build's files under its base) and a CDN origin serving every build. */
export interface BuildsSite {
  app: string
  cdn: string
  close(): Promise<void>
}

/**
 * `/` renders the page with Nunjucks (`?cdn=1`: every build moved to the CDN with `withBase`);
 * `/locals` renders it through `assetLocals`, whose `baseUrl` gives one base per build.
 */
export async function serveBuilds(assets: Assets): Promise<BuildsSite> {
  const files = (app: express.Express, paths: Record<string, string>): void => {
    for (const [path, build] of Object.entries(paths)) app.use(path, serveAssets(assets.build(build), { onWarning: () => {} }))
  }
  const cdnApp = express()
  files(cdnApp, { '/site': 'default', '/admin': 'admin', '/legacy': 'legacy' })
  const cdn = await listen(cdnApp)
  const bases = cdnBases(cdn.origin)
  const app = express()
  addAssetmap(nunjucks.configure(join(buildsFixture, 'views'), { autoescape: true, express: app }), assets)
  app.get('/favicon.ico', (_req, res) => res.status(204).end())
  files(app, { '/static': 'default', '/admin-static': 'admin', '/legacy': 'legacy' })
  app.get('/', (req, res) => {
    let view = assets
    if (req.query.cdn) for (const [build, base] of Object.entries(bases)) view = view.withBase(base, build)
    res.render('page.njk', { assets: view })
  })
  app.get('/locals', assetLocals(assets, { baseUrl: (req) => ((req as express.Request).query.cdn ? bases : undefined) }), (_req, res) => res.render('page.njk'))
  const site = await listen(app)
  return {
    app: site.origin,
    cdn: cdn.origin,
    close: async () => {
      await close(site.server)
      await close(cdn.server)
    },
  }
}
