// Plain JavaScript so that bench/ (run by node, not vitest) drives nginx the same way as the tests.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { freePort } from './ports.js'

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'

/** Whether Debian's brotli_static module is installed (libnginx-mod-http-brotli-static). */
export const hasBrotliStatic = existsSync(BROTLI_MODULE)

/** @param {number} port @returns {Promise<boolean>} */
function accepting(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => resolve(socket.end() && true))
    socket.once('error', () => resolve(false))
  })
}

/**
 * The lines `assetmap nginx` says the location needs, read from the header of the file it printed.
 * @param {string} map
 * @returns {string[]}
 */
export function locationLines(map) {
  return readFileSync(map, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#     '))
    .map((line) => line.slice('#     '.length))
}

/**
 * The recipe of docs/serving.md, around a served folder: `include` of the map `assetmap nginx` printed,
 * then a location with the lines its header names, so nginx applies the policy of @assetmap/serve.
 * @param {{ root: string, location: string, map: string, port: number, work: string }} options
 * @returns {string}
 */
export function recipe(options) {
  const temp = (/** @type {string} */ name) => `${name}_temp_path ${join(options.work, name)};`
  const policy = locationLines(options.map)
  if (policy.length === 0) throw new Error(`${options.map} names no location lines`)
  return `
${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
master_process off;
pid ${join(options.work, 'nginx.pid')};
error_log ${join(options.work, 'error.log')};
${hasBrotliStatic ? `load_module ${BROTLI_MODULE};` : ''}
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  include ${options.map};
  server {
    listen 127.0.0.1:${options.port};
    location ${options.location} {
      alias ${options.root}/;
      charset utf-8;
      charset_types text/css application/javascript text/javascript image/svg+xml application/json text/plain;
      gzip_static on;
      gzip_vary on;
      ${hasBrotliStatic ? 'brotli_static on;' : ''}
      ${policy.join('\n      ')}
    }
  }
}
`
}

/**
 * Runs Debian's nginx with the recipe on a free loopback port.
 * @param {{ root: string, location: string, map: string, work: string }} options
 * @returns {Promise<{ origin: string, stop(): Promise<void> }>}
 */
export async function startNginx(options) {
  if (!existsSync(NGINX)) throw new Error(`No nginx at ${NGINX}: run \`apt-get install nginx-light libnginx-mod-http-brotli-static\` (.ci/run does) or set NGINX_PATH.`)
  mkdirSync(options.work, { recursive: true })
  const port = await freePort()
  const conf = join(options.work, 'nginx.conf')
  writeFileSync(conf, recipe({ ...options, port }))
  const check = spawnSync(NGINX, ['-t', '-p', options.work, '-c', conf], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`nginx rejected the recipe:\n${check.stderr}`)
  const child = spawn(NGINX, ['-p', options.work, '-c', conf], { stdio: 'ignore' })
  for (let attempt = 0; !(await accepting(port)); attempt++) {
    if (attempt > 100 || child.exitCode !== null) throw new Error(`nginx did not start on ${port} (exit ${child.exitCode})`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(undefined)
        child.once('exit', () => resolve(undefined))
        child.kill('SIGQUIT')
      }),
  }
}
