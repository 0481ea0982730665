import { spawn, type ChildProcess } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const FOLDERS = 100
const PER_FOLDER = 200
const bulkFile = (folder: number, file: number): string => `bulk/${String(folder).padStart(3, '0')}/${String(file).padStart(5, '0')}.txt`
/** The second half of the folders is unlinked and recreated during the reload; the first half is left alone. */
const isChurned = (path: string): boolean => path.startsWith('bulk/') && Number(path.slice(5, 8)) >= FOLDERS / 2

// The server runs in its own process, as in production: an exception that escapes the handler
// ends that process, which is what the test must see (not an error inside the test runner).
const SERVER = `
import { createServer } from 'node:http'
import express from 'express'
import Fastify from 'fastify'
import { createAssets } from '@assetmap/runtime'
import { fastifyAssets, serveAssets } from '@assetmap/serve'

const [kind, manifest] = process.argv.slice(2)
const assets = createAssets({ manifest })
const onWarning = () => {}
process.on('message', (message) => {
  if (message === 'reload') process.send({ reloaded: assets.reload().release })
})
let port
if (kind === 'express') {
  const app = express()
  app.use('/static', serveAssets(assets, { onWarning }))
  port = await new Promise((resolve) => { const server = app.listen(0, '127.0.0.1', () => resolve(server.address().port)) })
} else if (kind === 'fastify') {
  const app = Fastify()
  await app.register(fastifyAssets, { assets, prefix: '/static', onWarning })
  await app.listen({ port: 0, host: '127.0.0.1' })
  port = app.server.address().port
} else {
  const handler = serveAssets(assets, { prefix: '/static/', onWarning })
  port = await new Promise((resolve) => { const server = createServer((req, res) => handler(req, res)).listen(0, '127.0.0.1', () => resolve(server.address().port)) })
}
process.send({ port })
`

interface Running {
  child: ChildProcess
  origin: string
  /** Why the server process ended, or `undefined` while it runs. */
  exited(): string | undefined
}

function startServer(kind: string, out: string): Promise<Running> {
  const script = join(out, '..', 'server.mjs')
  writeFileSync(script, SERVER)
  const child = spawn(process.execPath, [script, kind, join(out, 'assetmap.json')], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = (): string | undefined => (child.exitCode === null && child.signalCode === null ? undefined : `exited (${child.exitCode ?? child.signalCode}): ${stderr.slice(0, 600)}`)
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, origin: `http://127.0.0.1:${message.port}`, exited }))
    child.once('error', reject)
  })
}

function reload(running: Running): Promise<string> {
  return new Promise((resolve) => {
    running.child.once('message', (message: { reloaded: string }) => resolve(message.reloaded))
    running.child.send('reload')
  })
}

/** Status and body of one GET, or what went wrong: a reset connection, or no answer within 30 s. */
async function probe(origin: string, path: string): Promise<{ status: number | string; body: string }> {
  try {
    const response = await fetch(`${origin}/static/${path}`, { signal: AbortSignal.timeout(30_000), headers: { 'accept-encoding': 'identity' } })
    const body = await response.text()
    const length = response.headers.get('content-length')
    if (length !== null && Number(length) !== Buffer.byteLength(body)) return { status: `Content-Length ${length} but ${Buffer.byteLength(body)} bytes`, body }
    return { status: response.status, body }
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'no answer in 30 s' : `failed: ${(error as Error).message}`, body: '' }
  }
}

/**
 * Until `stop()`: unlinks the files of the last folders (the ones a walk reaches last), from the
 * last one back, then recreates them all. Started with the first request after a reload, the
 * unlinking overtakes a walk that listed those folders before it stats their files.
 */
function churn(out: string): { stop(): Promise<void> } {
  let running = true
  const churned = Array.from({ length: FOLDERS / 2 }, (_, index) => Array.from({ length: PER_FOLDER }, (_, file) => join(out, bulkFile(FOLDERS - 1 - index, file))))
  const loop = (async () => {
    while (running) {
      for (const paths of churned) await Promise.all(paths.map((path) => unlink(path).catch(() => {})))
      for (const paths of churned) await Promise.all(paths.map((path) => writeFile(path, 'back\n')))
    }
  })()
  return {
    async stop() {
      running = false
      await loop
    },
  }
}

describe('serveAssets: a reload rebuilds the file table off the request path, and files vanishing meanwhile are misses', () => {
  let server: Running | undefined
  afterEach(() => {
    server?.child.kill()
    server = undefined
  })

  it.each(['node:http', 'express', 'fastify'])('%s stays up and answers every request while 20,000 files churn under a reload', async (kind) => {
    const out = join(await outputDir(`serve-reload-${kind.replace(':', '-')}`), 'static')
    await buildCommand({ dirs: [fixture('served')], out, onWarning: () => {} })
    for (let folder = 0; folder < FOLDERS; folder++) {
      mkdirSync(join(out, bulkFile(folder, 0), '..'), { recursive: true })
      for (let file = 0; file < PER_FOLDER; file++) writeFileSync(join(out, bulkFile(folder, file)), `${folder}/${file}\n`)
    }
    const before = await readManifest(out)
    server = await startServer(kind, out)
    const oldCss = before.assets['css/app.css']!
    expect((await probe(server.origin, oldCss)).status).toBe(200)
    expect((await probe(server.origin, bulkFile(0, 0))).status).toBe(200)

    const changed = mkdtempSync(join(tmpdir(), 'served-'))
    cpSync(fixture('served'), changed, { recursive: true })
    writeFileSync(join(changed, 'css/app.css'), '.reloaded { color: red }\n')
    await buildCommand({ dirs: [changed], out, onWarning: () => {} })
    const newCss = (await readManifest(out)).assets['css/app.css']!
    expect(await reload(server)).not.toBe(before.release)

    // Files vanish and come back all through the reload's walk, as under `rsync --delete`.
    const churning = churn(out)
    const targets = [oldCss, newCss, 'robots.txt', ...Array.from({ length: 40 }, (_, index) => bulkFile((index * 7) % FOLDERS, index))]
    const answers: { path: string; status: number | string; body: string }[] = await Promise.all(targets.map(async (path) => ({ path, ...(await probe(server!.origin, path)) })))
    await churning.stop()

    expect(server.exited()).toBeUndefined()
    const unexpected = answers.filter(({ status }) => status !== 200 && status !== 404).map(({ path, status }) => `${path}: ${status}`)
    expect(unexpected).toEqual([])
    // Files no walk or deletion touches are served throughout: the old table until the swap, then the new one.
    for (const { path, status } of answers) if (!isChurned(path)) expect(status, path).toBe(200)
    const fresh = await probe(server.origin, newCss)
    expect(fresh).toEqual({ status: 200, body: '.reloaded { color: red }\n' })

    // A file removed for good after the new table was built is a plain miss.
    await unlink(join(out, bulkFile(1, 1)))
    expect((await probe(server.origin, bulkFile(1, 1))).status).toBe(404)
    expect((await probe(server.origin, bulkFile(1, 2))).body).toBe('1/2\n')
    expect(server.exited()).toBeUndefined()
  })
})
