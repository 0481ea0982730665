// From `npm run dev` (Vite inside the Express example) to the first page Chromium shows styled
// (the entry's stylesheet applied, with no module run: JavaScript off), against the two-process
// set-up (`npm run vite`, then `npm run serve` once its dev file is written), runs alternated.
// The two-process runs need port 5173 free (the plugin sets strictPort there).
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { format, median, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const app = join(here, '.work/dev-start-app')
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

if (existsSync(app)) rmSync(app, { recursive: true, force: true })
mkdirSync(join(here, '.work'), { recursive: true })
cpSync(join(here, '../examples/express-vite'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const context = await browser.newContext({ javaScriptEnabled: false })

const run = (script, env) => spawn('npm', ['run', script], { cwd: app, env: { ...process.env, ...env }, detached: true, stdio: 'ignore' })
const devFile = join(app, 'dist/static/assetmap.dev.json')

/** Runs `start` (which spawns the processes) and resolves with the ms until `url` shows a styled h1. */
async function timeToStyledPage(start, url) {
  const began = performance.now()
  const children = await start()
  const page = await context.newPage()
  try {
    while (performance.now() - began < 60_000) {
      const ok = await page.goto(url).then((response) => response?.ok(), () => false)
      if (ok && (await page.evaluate(() => getComputedStyle(document.querySelector('h1')).color)) === 'rgb(21, 101, 192)') return performance.now() - began
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`${url} showed no styled page within 60 s`)
  } finally {
    await page.close()
    for (const child of children) process.kill(-child.pid, 'SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

/** Two processes, as a user starts them: `vite`, and the server once the dev file is there (without a build it cannot start earlier). */
async function startBoth(env) {
  rmSync(devFile, { force: true })
  const vite = run('vite', env)
  while (!existsSync(devFile)) await new Promise((resolve) => setTimeout(resolve, 20))
  return [vite, run('serve', env)]
}

const times = { one: [], two: [] }
for (let round = 0; round < ROUNDS; round++) {
  const port = await freePort()
  times.one.push(await timeToStyledPage(async () => [run('dev', { PORT: String(port) })], `http://127.0.0.1:${port}/`))
  const appPort = await freePort()
  times.two.push(await timeToStyledPage(() => startBoth({ PORT: String(appPort) }), `http://127.0.0.1:${appPort}/`))
}
const one = median(times.one)
const two = median(times.two)
report({ name: 'npm run dev to the first styled page, Vite inside the app vs vite beside it', ours: format(one), peer: format(two), unit: 'ms', ratio: one / two })
await browser.close()
