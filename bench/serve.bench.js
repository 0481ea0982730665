// Requests per second of @assetmap/serve against sirv and serve-static (express.static) on the
// same machine in the same run, with Debian's nginx (the README recipe) as the ceiling. wrk on
// loopback, one connection pool per server, each server in its own process; a 10 KB hashed CSS
// and a 200 KB hashed JS, plain and with `Accept-Encoding: br, gzip`. Besides requests per second
// (which a busy machine skews), the CPU time each Node server spent per request (all its threads,
// from /proc) is compared with sirv's: it holds steady when other work shares the cores.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCommand, nginxCommand } from '@assetmap/cli'
import { startNginx } from '../test/helpers/nginx.js'
import { format, median, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work/serve')
const DURATION = process.env.BENCH_DURATION ?? '3s'
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
// USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux Node runs on.
const CLOCK_TICKS = 100

function ensureTools() {
  const missing = []
  if (spawnSync('wrk', ['--version']).error) missing.push('wrk')
  if (spawnSync('/usr/sbin/nginx', ['-v']).error) missing.push('nginx-light', 'libnginx-mod-http-brotli-static')
  if (missing.length === 0) return
  console.log(`installing Debian ${missing.join(' ')}…`)
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
}

/** Source text that compresses like real code: varied identifiers and numbers, repeated shapes. */
function generated(bytes, line) {
  const lines = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const text = line(i)
    lines.push(text)
    size += text.length + 1
  }
  return `${lines.join('\n')}\n`
}

async function buildSite() {
  rmSync(work, { recursive: true, force: true })
  const src = join(work, 'src')
  mkdirSync(join(src, 'css'), { recursive: true })
  mkdirSync(join(src, 'js'), { recursive: true })
  writeFileSync(join(src, 'css/site.css'), generated(10 * 1024, (i) => `.c${i} { margin: ${i % 9}px ${(i * 7) % 13}px; color: #${((i * 2654435761) % 0xffffff).toString(16).padStart(6, '0')}; }`))
  writeFileSync(
    join(src, 'js/app.js'),
    generated(200 * 1024, (i) => `export function handler${i}(event) { const value${i} = event.detail?.[${i % 17}] ?? ${i * 31}; return value${i} > ${i % 101} ? 'over-${i}' : null }`),
  )
  const out = join(work, 'out')
  await buildCommand({ dirs: [src], out, compress: ['br', 'gzip'] })
  return out
}

/** CPU seconds (user + system, every thread) process `pid` has used, or undefined without /proc. */
function cpuSeconds(pid) {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

function startNode(kind, root) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(here, 'lib/staticServer.js'), kind, root], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.once('data', (data) => resolve({ origin: `http://127.0.0.1:${String(data).trim()}`, pid: child.pid, stop: async () => child.kill() }))
    child.once('error', reject)
  })
}

/** Requests per second of one wrk run, and the server's CPU microseconds per request (when its pid is known). */
function wrk(server, url, headers) {
  const args = ['-t1', '-c32', `-d${DURATION}`, ...Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]), url]
  const cpuBefore = cpuSeconds(server.pid)
  const output = execFileSync('wrk', args, { encoding: 'utf8' })
  const cpuAfter = cpuSeconds(server.pid)
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1])
  const requests = Number(/(\d+) requests in/.exec(output)?.[1])
  if (/Non-2xx/.test(output) || !rps) throw new Error(`wrk ${url} failed:\n${output}`)
  return { rps, cpu: cpuBefore === undefined ? undefined : ((cpuAfter - cpuBefore) * 1e6) / requests }
}

/** What a server sent for one request (on a fresh connection), so a ratio never compares different bytes unknowingly. */
function sent(url, headers) {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers }, (response) => {
      let bytes = 0
      response.on('data', (chunk) => (bytes += chunk.length))
      response.on('end', () => resolve(`${response.statusCode} ${response.headers['content-encoding'] ?? 'identity'} ${bytes} B`))
    }).on('error', reject)
  })
}

ensureTools()
const out = await buildSite()
const manifest = JSON.parse(readFileSync(join(out, 'assetmap.json'), 'utf8'))
writeFileSync(join(work, 'nginx-map.conf'), nginxCommand({ dir: out }))
const servers = {
  assetmap: await startNode('assetmap', out),
  'assetmap-disk': await startNode('assetmap-disk', out),
  sirv: await startNode('sirv', out),
  'serve-static': await startNode('serve-static', out),
  nginx: await startNginx({ root: out, location: '/static/', map: join(work, 'nginx-map.conf'), work: join(work, 'nginx') }),
}
try {
  for (const [label, name] of [['10 KB CSS', 'css/site.css'], ['200 KB JS', 'js/app.js']]) {
    for (const [variant, headers] of [['plain', {}], ['br, gzip', { 'Accept-Encoding': 'br, gzip' }]]) {
      const path = `/static/${manifest.assets[name]}`
      const results = {}
      for (const kind of Object.keys(servers)) results[kind] = { sent: await sent(servers[kind].origin + path, headers), rps: [], cpu: [] }
      // Alternate the servers each round so drift on the machine hits all of them alike.
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of Object.keys(servers)) {
          const { rps, cpu } = wrk(servers[kind], servers[kind].origin + path, headers)
          results[kind].rps.push(rps)
          if (cpu !== undefined) results[kind].cpu.push(cpu)
        }
      }
      console.log(`\n${label}, ${variant}: ${Object.entries(results).map(([kind, r]) => `${kind} ${format(median(r.rps))} req/s (sent ${r.sent})`).join('; ')}`)
      const ours = median(results.assetmap.rps)
      const rps = (kind) => `${format(median(results[kind].rps))} req/s`
      report({ name: `${label} ${variant}: assetmap vs sirv`, ours: rps('assetmap'), peer: rps('sirv'), unit: '(median)', ratio: ours / median(results.sirv.rps), goal: { min: 1, text: 'assetmap/sirv ≥ 1' } })
      report({ name: `${label} ${variant}: assetmap vs serve-static`, ours: rps('assetmap'), peer: rps('serve-static'), unit: '(median)', ratio: ours / median(results['serve-static'].rps), goal: { min: 1.5, text: 'assetmap/serve-static ≥ 1.5' } })
      report({
        name: `${label} ${variant}: assetmap with memoryCache: 0 vs sirv`,
        ours: rps('assetmap-disk'),
        peer: rps('sirv'),
        unit: '(median)',
        ratio: median(results['assetmap-disk'].rps) / median(results.sirv.rps),
        goal: { min: 1, text: 'assetmap/sirv ≥ 1' },
      })
      const cpu = (kind) => `${format(median(results[kind].cpu), 1)} µs`
      if (results.sirv.cpu.length > 0) {
        for (const kind of ['assetmap', 'assetmap-disk']) {
          report({ name: `${label} ${variant}: CPU per request, ${kind} vs sirv`, ours: cpu(kind), peer: cpu('sirv'), unit: '(median)', ratio: median(results.sirv.cpu) / median(results[kind].cpu), goal: { min: 1, text: 'sirv/assetmap ≥ 1' } })
        }
      }
      report({ name: `${label} ${variant}: assetmap vs nginx (ceiling)`, ours: rps('assetmap'), peer: rps('nginx'), unit: '(median)', ratio: ours / median(results.nginx.rps) })
    }
  }
} finally {
  await Promise.all(Object.values(servers).map((server) => server.stop()))
}
