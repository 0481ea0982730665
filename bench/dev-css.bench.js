// What linking each entry's stylesheets costs a page in development, with Vite inside the app
// (@assetmap/plugin/dev): the Express example's home page requested over HTTP from a server that
// links them (the module-graph walk before the route, then the links in the render) against the
// same server rendering without them (Vite's middlewares only, and no stylesheet lookup), both
// in this process, requests interleaved in rounds; and the render alone, with and without.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { addAssetmap } from '@assetmap/nunjucks'
import { createDevServer } from '@assetmap/plugin/dev'
import { DevAssets } from '@assetmap/runtime/internal'
import { format, median, opsPerSecond, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const app = join(here, '.work/dev-css-app')
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7)

if (existsSync(app)) rmSync(app, { recursive: true, force: true })
mkdirSync(join(here, '.work'), { recursive: true })
cpSync(join(here, '../examples/express-vite'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })

const server = createServer()
const dev = await createDevServer({ server, root: app, vite: { logLevel: 'silent' } })
const info = dev.assets
// The same dev server without the stylesheet lookup: what dev rendered before the links.
const plain = new DevAssets({ url: info.baseUrl, root: app, static: [{ dir: join(app, 'static'), prefix: '' }] }, { manifest: undefined, manifestPath: undefined, outDir: undefined })
const envOf = (assets) => addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(app, 'views')), { autoescape: true }), assets)
const withLinks = envOf(dev.assets)
const without = envOf(plain)
const render = (env) => env.render('index.njk', { title: 'bench' })

server.on('request', (req, res) => {
  const send = (env) => () => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(render(env))
  }
  if (req.url === '/links') dev.middlewares(req, res, send(withLinks))
  else dev.vite.middlewares(req, res, send(without))
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const origin = `http://127.0.0.1:${server.address().port}`
const first = await (await fetch(`${origin}/links`)).text()
if (!first.includes('href="/src/styles/main.css"')) throw new Error('the page links no stylesheet')
if ((await (await fetch(`${origin}/plain`)).text()).includes('rel="stylesheet" href="/src/styles/main.css"')) throw new Error('the baseline links the stylesheet')

async function requestsPerSecond(path) {
  const start = process.hrtime.bigint()
  for (let i = 0; i < REQUESTS; i++) await (await fetch(`${origin}${path}`)).text()
  return REQUESTS / (Number(process.hrtime.bigint() - start) / 1e9)
}

const rates = { links: [], plain: [] }
for (let round = 0; round <= ROUNDS; round++) {
  const links = await requestsPerSecond('/links')
  const base = await requestsPerSecond('/plain')
  if (round > 0) rates.links.push(links), rates.plain.push(base)
}
const links = median(rates.links)
const base = median(rates.plain)
report({ name: 'dev page over HTTP, stylesheets linked (graph walk + links) vs not', ours: format(links), peer: format(base), unit: 'requests/s', ratio: base / links })
console.log(`  added per request: ${format((1000 / links - 1000 / base) * 1000)} µs`)

// Alternate rounds so that drift on the machine hits both alike.
const renders = { links: [], plain: [] }
for (let round = 0; round < ROUNDS; round++) {
  renders.links.push(opsPerSecond(() => render(withLinks), { batch: 1, rounds: 1 }))
  renders.plain.push(opsPerSecond(() => render(without), { batch: 1, rounds: 1 }))
}
const renderLinks = median(renders.links)
const renderBase = median(renders.plain)
report({ name: 'dev render alone, stylesheets linked vs not', ours: format(renderLinks), peer: format(renderBase), unit: 'renders/s', ratio: renderBase / renderLinks })
console.log(`  added per render: ${format((1e6 / renderLinks - 1e6 / renderBase), 1)} µs`)

await dev.close()
server.close()
