import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCliIn } from '../helpers/cli.ts'
import { outputDir } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { runToEnd, start } from '../helpers/readme.ts'

const FRONT_END = ['vite.config.js', 'views/layout.njk', 'views/index.njk', 'src/main.js', 'src/main.css']

/** Every file under `dir` with its text, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
  return Object.fromEntries(files.map((entry) => [join(entry.parentPath, entry.name).slice(dir.length + 1), readFileSync(join(entry.parentPath, entry.name), 'utf8')]))
}

function project(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const EXPRESS_APP = {
  'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { start: 'node server.js', test: 'node --test' }, dependencies: { express: '^5.1.0', nunjucks: '^3.2.4' } }, null, 2),
  'server.js': "import express from 'express'\nconst app = express()\napp.listen(3000)\n",
}

describe('assetmap init', () => {
  it('in an empty folder writes package.json, the Vite config, a layout, an entry and its stylesheet, and server.js, as it says', async () => {
    const dir = await outputDir('init-empty')
    const run = runCliIn(dir, 'init')
    expect(run.code, run.stderr).toBe(0)
    const written = ['package.json', ...FRONT_END, 'server.js']
    expect(run.stdout.split('\n').filter((line) => line.startsWith('created '))).toEqual(written.map((path) => `created ${path}`))
    expect(Object.keys(snapshot(dir)).sort()).toEqual([...written].sort())
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ type: 'module', scripts: { dev: 'node server.js --dev', build: 'vite build', start: 'node server.js' } })
    expect(readFileSync(join(dir, 'views/layout.njk'), 'utf8')).toContain("{% entry 'src/main.js' %}")
    expect(readFileSync(join(dir, 'src/main.js'), 'utf8')).toContain("import './main.css'")
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toContain("app.use('/static', serveAssets(assets))")
    expect(run.stdout).toContain('npm install @assetmap/runtime @assetmap/nunjucks @assetmap/serve nunjucks express\n')
    expect(run.stdout).toContain('npm install --save-dev @assetmap/plugin vite\n')
  })

  it('in an Express app adds the scripts it lacks, prints the lines for its server.js without editing it, and installs only what it lacks', async () => {
    const dir = project(await outputDir('init-express'), EXPRESS_APP)
    const run = runCliIn(dir, 'init')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('updated package.json: add the scripts "dev": "node server.js --dev", "build": "vite build"\n')
    expect(run.stdout).not.toContain('server.js\n')
    expect(readFileSync(join(dir, 'server.js'), 'utf8')).toBe(EXPRESS_APP['server.js'])
    expect(run.stdout).toContain('server.js exists; add these lines to it')
    expect(run.stdout).toContain("    else app.use('/static', serveAssets(assets))\n")
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ start: 'node server.js', test: 'node --test', dev: 'node server.js --dev', build: 'vite build' })
    expect(run.stdout).toContain('npm install @assetmap/runtime @assetmap/nunjucks @assetmap/serve\n')
    for (const path of FRONT_END) expect(readFileSync(join(dir, path), 'utf8').length, path).toBeGreaterThan(0)
  })

  it('keeps the indent of the package.json it adds the scripts to', async () => {
    const dir = project(await outputDir('init-indent'), { ...EXPRESS_APP, 'package.json': JSON.stringify(JSON.parse(EXPRESS_APP['package.json']), null, '\t') })
    expect(runCliIn(dir, 'init').code).toBe(0)
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toContain('\n\t"scripts": {\n\t\t"start": "node server.js",')
  })

  it('refuses to overwrite: exit 1, each file in the way listed, nothing written', async () => {
    const dir = project(await outputDir('init-refuse'), {
      ...EXPRESS_APP,
      'package.json': JSON.stringify({ name: 'shop', type: 'module', scripts: { start: 'node app.js' } }),
      'vite.config.ts': 'export default {}\n',
      'views/layout.njk': '<html>{% block content %}{% endblock %}</html>\n',
      'src/main.js': "console.log('mine')\n",
    })
    const before = snapshot(dir)
    const run = runCliIn(dir, 'init')
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(`init overwrites nothing, so it wrote nothing in ${dir}:\n`)
    expect(run.stderr).toContain('  views/layout.njk exists\n')
    expect(run.stderr).toContain('  src/main.js exists\n')
    expect(run.stderr).toContain("  vite.config.ts exists: add assetmap() from '@assetmap/plugin/vite' to its plugins by hand\n")
    expect(run.stderr).toContain('  package.json: script "start" is "node app.js"; init would set "node server.js"')
    expect(snapshot(dir)).toEqual(before)
  })

  it('--dry-run lists what it would write and writes nothing', async () => {
    const dir = project(await outputDir('init-dry'), EXPRESS_APP)
    const before = snapshot(dir)
    const run = runCliIn(dir, 'init', '--dry-run')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout.split('\n').filter((line) => line.startsWith('would '))).toEqual([
      ...FRONT_END.map((path) => `would create ${path}`),
      'would update package.json: add the scripts "dev": "node server.js --dev", "build": "vite build"',
    ])
    expect(snapshot(dir)).toEqual(before)
  })

  it('picks Fastify from package.json, or with --fastify', async () => {
    const fastifyApp = project(await outputDir('init-fastify'), { 'package.json': JSON.stringify({ name: 'api', type: 'module', dependencies: { fastify: '^5.0.0' } }) })
    expect(runCliIn(fastifyApp, 'init').code).toBe(0)
    expect(readFileSync(join(fastifyApp, 'server.js'), 'utf8')).toContain("await app.register(fastifyAssets, { assets, prefix: '/static' })")
    const flagged = await outputDir('init-fastify-flag')
    expect(runCliIn(flagged, 'init', '--fastify').stdout).toContain('npm install @assetmap/runtime @assetmap/nunjucks @assetmap/serve nunjucks fastify\n')
    expect(readFileSync(join(flagged, 'server.js'), 'utf8')).toContain("import Fastify from 'fastify'")
  })

  it('in a CommonJS package writes vite.config.mjs and server.mjs, and Vite builds with that config', async () => {
    const dir = project(await outputDir('init-commonjs'), { 'package.json': JSON.stringify({ name: 'old-app', dependencies: { express: '^5.1.0' } }) })
    const run = runCliIn(dir, 'init')
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('created vite.config.mjs\n')
    expect(run.stdout).toContain('created server.mjs\n')
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts).toEqual({ dev: 'node server.mjs --dev', build: 'vite build', start: 'node server.mjs' })
    const build = await runToEnd('npx', ['--no-install', 'vite', 'build'], dir)
    expect(build.code, build.stderr).toBe(0)
    expect(`${build.stdout}${build.stderr}`).not.toMatch(/CommonJS|\(!\)/)
    expect(existsSync(join(dir, 'dist/static/assetmap.json'))).toBe(true)
  }, 60_000)

  it('the Fastify server it writes runs: Vite inside with a render error for the overlay under --dev, the built files served immutable without', async () => {
    const dir = await outputDir('init-fastify-run')
    expect(runCliIn(dir, 'init', '--fastify').code).toBe(0)
    let port = await freePort()
    let server = start(process.execPath, ['server.js', '--dev'], dir, { PORT: String(port) })
    try {
      await server.ready(`http://127.0.0.1:${port}/`, 30_000)
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text()
      expect(html).toContain('<script type="module" src="/@vite/client"></script>')
      expect(html).toContain('<link rel="stylesheet" href="/src/main.css"')
      expect((await fetch(`http://127.0.0.1:${port}/src/main.css`)).status).toBe(200)
      writeFileSync(join(dir, 'views/index.njk'), "{% extends 'layout.njk' %}{% block content %}<img src=\"{{ static('nope.png') }}\">{% endblock %}")
      const failed = await fetch(`http://127.0.0.1:${port}/`)
      expect(failed.status).toBe(500)
      expect(await failed.text()).toContain('new ErrorOverlay(')
    } finally {
      await server.stop()
    }
    writeFileSync(join(dir, 'views/index.njk'), "{% extends 'layout.njk' %}{% block content %}<h1>Hi</h1>{% endblock %}")
    expect((await runToEnd('npx', ['--no-install', 'vite', 'build'], dir)).code).toBe(0)
    port = await freePort()
    server = start(process.execPath, ['server.js'], dir, { PORT: String(port) })
    try {
      await server.ready(`http://127.0.0.1:${port}/`, 30_000)
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text()
      const stylesheet = /<link rel="stylesheet" href="(\/static\/assets\/main-[\w-]+\.css)"/.exec(html)?.[1]
      expect(stylesheet, html).toBeDefined()
      const response = await fetch(`http://127.0.0.1:${port}${stylesheet}`)
      expect([response.status, response.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable'])
    } finally {
      await server.stop()
    }
  }, 90_000)

  it('a bad package.json or a folder argument is an error naming it', async () => {
    const dir = project(await outputDir('init-bad'), { 'package.json': '{ "name": ' })
    const run = runCliIn(dir, 'init')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${join(dir, 'package.json')} is not valid JSON`)
    expect(runCliIn(dir, 'init', 'app').stderr).toContain('init takes no folder: run it in the project folder')
  })
})
