import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ejs from 'ejs'
import { build as viteBuild } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assetLocals, createAssets, validateManifest, type Manifest } from '@assetmap/runtime'
import { fixture, outputDir, readManifest, repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { startS3, type LocalS3 } from '../helpers/s3.ts'
import { FRESH_CLONE_BLOCKS, readmeBlock, readmeBlocks, runShellBlock, start, type Started } from '../helpers/readme.ts'

const blocks = readmeBlocks(repoRoot)
const block = (id: string): string => readmeBlock(repoRoot, id)

// Every block of README.md, by its first line: run by a test here or elsewhere, or excluded with a reason.
const RUN_HERE = {
  vite: '// vite.config.js',
  webpack: '// webpack.config.js',
  nunjucks: '{# views/index.njk #}',
  ejs: '<%# views/index.ejs %>',
  server: '// server.js',
  deploy: 'npx assetmap publish dist/static --to s3://my-bucket/static',
  cli: 'npx assetmap build static --out dist/static --release "$(git rev-parse --short HEAD)"',
} as const
const EXCLUDED: Record<string, string> = {
  'npm install @assetmap/runtime @assetmap/nunjucks @assetmap/serve':
    'installs from the npm registry; test/repo/packed-packages.test.ts installs the packed tarballs of these packages into a new project instead',
  'npm install && npm test': 'the test suite itself',
  'npm install --save-dev @assetmap/cli': 'installs from the npm registry; test/cli/init-packed-app.test.ts runs `npx assetmap init --install`, `npm run dev`, `npm run build` and `npm start` in a new app installed from the packed tarballs',
  'packages/<name>/src    the code (TypeScript, strict, ESM); `npm run build` compiles every package': 'a map of the repository, not a program',
}

describe('README.md', () => {
  it('has no block that is neither run nor excluded with a reason, and the tables name no block it lacks', () => {
    const known = new Set([...Object.values(RUN_HERE), ...Object.values(FRESH_CLONE_BLOCKS), ...Object.keys(EXCLUDED)])
    const unknown = blocks.filter((b) => !known.has(b.id)).map((b) => `README.md:${b.line} (${b.lang}) ${b.id}`)
    expect(unknown, 'add each new block to a table in test/docs/readme-blocks.test.ts').toEqual([])
    const ids = new Set(blocks.map((b) => b.id))
    expect([...known].filter((id) => !ids.has(id))).toEqual([])
  })

  it('and the docs/ pages link only to files that exist in the repository', () => {
    const pages = ['README.md', ...readdirSync(join(repoRoot, 'docs')).map((name) => `docs/${name}`)]
    let links = 0
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), 'utf8')
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)#]+)/g)) {
        links++
        expect(existsSync(join(repoRoot, dirname(page), target!)), `${page} → ${target}`).toBe(true)
      }
    }
    expect(links).toBeGreaterThan(10)
  })
})

describe('the README example app (a copy of examples/express-vite)', () => {
  let app: string
  let manifest: Manifest
  let server: Started | undefined

  beforeAll(async () => {
    app = join(await outputDir('readme-vite'), 'app')
    cpSync(join(repoRoot, 'examples/express-vite'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist|views)$/.test(path) })
    writeFileSync(join(app, 'vite.config.js'), block(RUN_HERE.vite))
    cpSync(join(repoRoot, 'examples/express-vite/views'), join(app, 'views'), { recursive: true })
    writeFileSync(join(app, 'views/index.njk'), block(RUN_HERE.nunjucks))
    writeFileSync(join(app, 'views/index.ejs'), block(RUN_HERE.ejs))
    writeFileSync(join(app, 'server.js'), block(RUN_HERE.server))
    await viteBuild({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent' })
    manifest = await readManifest(join(app, 'dist/static'))
  }, 120_000)

  afterAll(() => server?.stop())

  it('the Vite config builds a manifest with the entries, the imported image and the static folder', () => {
    expect(validateManifest(manifest)).toEqual([])
    expect(Object.keys(manifest.entries)).toEqual(['src/admin.ts', 'src/main.ts', 'src/styles/print.css'])
    expect(manifest.assets['src/img/hero.png']).toBeDefined()
    expect(manifest.assets['img/badge.svg']).toMatch(/^img\/badge\.[0-9a-f]{12}\.svg$/)
  })

  it('the server serves the Nunjucks template with hashed URLs, and every one of them with an immutable cache', async () => {
    const port = await freePort()
    server = start(process.execPath, ['server.js'], app, { PORT: String(port) })
    const origin = `http://localhost:${port}`
    await server.ready(`${origin}/`, 20_000)
    const html = await (await fetch(`${origin}/`)).text()
    const urls = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!)
    expect(urls).toContain(`/static/${manifest.assets['img/badge.svg']}`)
    expect(urls).toContain(`/static/${manifest.assets['src/img/hero.png']}`)
    expect(urls).toContain(`/static/${manifest.entries['src/main.ts']!.js[0]}`)
    expect(html).toMatch(/<script type="module" src="[^"]+" integrity="sha384-/)
    for (const url of urls) {
      const response = await fetch(`${origin}${url}`)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable')
    }
    await server.stop()
  }, 60_000)

  it('the same server.js with --dev runs Vite inside it: the entry, its stylesheet and @vite/client from its own port', async () => {
    const port = await freePort()
    server = start(process.execPath, ['server.js', '--dev'], app, { PORT: String(port) })
    const origin = `http://localhost:${port}`
    await server.ready(`${origin}/`, 30_000)
    const html = await (await fetch(`${origin}/`)).text()
    expect(html).toContain('<script type="module" src="/@vite/client"></script>')
    expect(html).toContain(`<link rel="stylesheet" href="/src/styles/main.css" data-vite-dev-id="${join(app, 'src/styles/main.css')}">`)
    expect(html).toContain('<script type="module" src="/src/main.ts"></script>')
    expect(html).toContain('<img src="/src/img/hero.png" alt="">')
    for (const path of ['/@vite/client', '/src/main.ts', '/src/styles/main.css', '/src/img/hero.png', '/img/badge.svg']) {
      expect((await fetch(`${origin}${path}`)).status, path).toBe(200)
    }
    await server.stop()
  }, 60_000)

  it('the EJS template renders through assetLocals', () => {
    const assets = createAssets({ manifest: join(app, 'dist/static/assetmap.json') })
    const res = { locals: { cspNonce: 'n0nce' } as Record<string, unknown> }
    assetLocals(assets)({}, res, () => {})
    const html = ejs.render(block(RUN_HERE.ejs), res.locals)
    expect(html).toContain(`<img src="/static/${manifest.assets['src/img/hero.png']}" alt="">`)
    expect(html).toContain(`src="/static/${manifest.entries['src/main.ts']!.js[0]}"`)
    expect(html).toContain('nonce="n0nce"')
  })
})

describe('the README webpack config (in a copy of examples/express-webpack)', () => {
  it('builds as written: entries named by source path, CSS extracted into css/, an imported PNG hashed', async () => {
    const app = join(await outputDir('readme-webpack'), 'app')
    cpSync(join(repoRoot, 'examples/express-webpack'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })
    writeFileSync(join(app, 'webpack.config.js'), block(RUN_HERE.webpack))
    // An app's script imports its images: the config must give them to webpack as files.
    cpSync(fixture('vite-backend/frontend/images/bg.png'), join(app, 'src/img/hero.png'))
    writeFileSync(join(app, 'src/main.js'), `import hero from './img/hero.png'\ndocument.body.dataset.hero = hero\n${readFileSync(join(app, 'src/main.js'), 'utf8')}`)
    // webpack-cli needs Node 22, so the config runs through webpack's Node API, from the project folder as the CLI would.
    const driver = "import webpack from 'webpack'; import config from './webpack.config.js'; webpack(config, (e, s) => { if (e || s.hasErrors()) { console.error(e ?? s.toString('errors-only')); process.exit(1) } })"
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', driver], { cwd: app, encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    const manifest = await readManifest(join(app, 'dist/static'))
    expect(validateManifest(manifest)).toEqual([])
    const main = manifest.entries['src/main.js']!
    expect(main.type).toBe('classic')
    expect(main.js.every((path) => /^js\/.+\.js$/.test(path))).toBe(true)
    expect(main.css.length).toBeGreaterThan(0)
    expect(main.css.every((path) => /^css\/.+\.css$/.test(path))).toBe(true)
    expect(manifest.entries['src/styles/print.css']).toMatchObject({ js: [], css: [expect.stringMatching(/^css\/print\.[0-9a-f]{8}\.css$/)] })
    const hero = manifest.assets['src/img/hero.png']
    expect(hero).toMatch(/^assets\/hero\.[0-9a-f]{8}\.png$/)
    expect(readFileSync(join(app, 'dist/static', hero!))).toEqual(readFileSync(join(app, 'src/img/hero.png')))
  }, 120_000)
})

describe('the README CLI blocks (a static folder and templates, test/fixtures/readme-collectstatic)', () => {
  let project: string
  let s3: LocalS3

  beforeAll(async () => {
    project = join(await outputDir('readme-cli'), 'project')
    cpSync(fixture('readme-collectstatic'), project, { recursive: true })
    // The README names the release after the commit; npx finds the repository's node_modules/.bin from here.
    const git = ['-c', 'user.name=t', '-c', 'user.email=t@example.com']
    spawnSync('git', ['init', '-q'], { cwd: project })
    spawnSync('git', [...git, 'add', '.'], { cwd: project })
    spawnSync('git', [...git, 'commit', '-qm', 'site'], { cwd: project })
    s3 = await startS3('my-bucket')
  })

  afterAll(async () => {
    await s3?.stop()
  })

  it('"Without a bundler": build, then inspect, --check and --templates pass', async () => {
    const run = await runShellBlock(block(RUN_HERE.cli), project)
    expect(run.code, run.stderr).toBe(0)
    const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: project, encoding: 'utf8' }).stdout.trim()
    const manifest = await readManifest(join(project, 'dist/static'))
    expect(manifest.release).toBe(sha)
    expect(run.stdout).toMatch(/^3 files hashed into .*assetmap\.json \(release /)
    expect(run.stdout).toContain('checked 3 files against their integrity')
    expect(run.stdout).toContain('checked 2 asset names used in templates')
  }, 180_000)

  it('"Deploy": publish then clean (against a local S3 server: the test adds --endpoint)', async () => {
    const code = block(RUN_HERE.deploy).replace(/ --to s3:\S+/g, `$& --endpoint ${s3.endpoint}`)
    const run = await runShellBlock(code, project)
    expect(run.code, run.stderr).toBe(0)
    const keys = await s3.keys('static/')
    const manifest = await readManifest(join(project, 'dist/static'))
    expect(keys).toContain('assetmap.json')
    for (const path of Object.keys(manifest.files)) expect(keys).toContain(path)
    expect(run.stdout).toContain('removed 0 files')
  }, 180_000)
})
