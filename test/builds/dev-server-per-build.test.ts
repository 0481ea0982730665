import { existsSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import assetmapVite from '@assetmap/plugin/vite'
import { createAssets, type Assets } from '@assetmap/runtime'
import { DEV_FILE } from '@assetmap/runtime/internal'
import { addAssetmap } from '@assetmap/nunjucks'
import { buildAll, buildsFixture, type BuiltFolders } from '../helpers/buildsSite.ts'
import { outputDir } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { until } from '../helpers/until.ts'

// Each build follows its own dev server: `vite` started for the admin config serves the admin's
// names while the site's still come from its build, and the admin goes back to its build when
// `vite` stops. No restart of the app.
describe('a dev server per build', () => {
  let folders: BuiltFolders
  let assets: Assets
  let vite: ViteDevServer | undefined
  let render: () => string

  beforeAll(async () => {
    folders = await buildAll()
    assets = createAssets({ manifest: folders.site, baseUrl: '/static/', builds: { admin: { manifest: folders.admin } } })
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets)
    render = () => env.renderString("{% entry 'src/main.js' %}\n{% entry 'src/admin.js' from 'admin' %}", {})
  }, 120_000)

  afterAll(async () => {
    await vite?.close()
    assets?.close()
  })

  it('the admin build switches to its dev server and back; the site stays on its build', async () => {
    const site = assets.entry('src/main.js').js[0]!
    const admin = assets.build('admin').entry('src/admin.js').js[0]!
    expect(render()).toContain(`src="${admin}"`)
    expect(assets.dev).toBe(false)

    const port = await freePort()
    vite = await createServer({
      root: join(buildsFixture, 'admin'),
      configFile: false,
      logLevel: 'silent',
      cacheDir: join(await outputDir('builds-dev-cache'), '.vite'),
      build: { outDir: folders.admin, rollupOptions: { input: join(buildsFixture, 'admin/src/admin.js') } },
      server: { port, host: '127.0.0.1' },
      plugins: [assetmapVite({ base: '/admin-static/' })],
    })
    await vite.listen()
    await until(() => existsSync(join(folders.admin, DEV_FILE)), 'the admin dev file')
    const devOrigin = `http://127.0.0.1:${port}`
    const dev = await until(() => assets.build('admin').dev && render(), 'the admin build on its dev server')
    expect(dev).toContain(`src="${devOrigin}/@vite/client"`)
    expect(dev).toContain(`src="${devOrigin}/src/admin.js"`)
    expect(dev).toContain(`src="${site}"`)
    expect([assets.dev, assets.build('default').dev]).toEqual([true, false])

    await vite.close()
    vite = undefined
    const built = await until(() => !assets.build('admin').dev && render(), 'the admin build back on its build')
    expect(built).toContain(`src="${admin}"`)
    expect(built).not.toContain(devOrigin)
  }, 60_000)
})
