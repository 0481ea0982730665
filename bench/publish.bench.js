// Publishing the 10,000-file generated tree (built by assetmap) to a local S3-compatible server
// (s3rver, in its own process): the first publish against a no-change re-publish (the bucket's
// manifest proves the build is there: a few HEAD requests), and against a re-publish with
// --verify (a full listing, and every file hashed against its integrity). A dry run to an empty
// prefix shows what refusing a damaged build costs: every file is hashed (SHA-384) before anything
// would be sent. Each publish is the real CLI in a fresh process.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCommand } from '@assetmap/cli'
import { generateTree } from './lib/generateTree.js'
import { format, report } from './lib/measure.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const work = join(here, '.work/publish')
const SIZE = Number(process.env.BENCH_SIZE ?? 10000)
const bin = join(here, '../packages/cli/dist/bin.js')
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }

function run(args) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => (code === 0 ? resolve({ ms: Number(process.hrtime.bigint() - start) / 1e6, stdout }) : reject(new Error(`${args.join(' ')} failed:\n${stderr}`))))
  })
}

/**
 * s3rver in a child process, so the server and the publishing CLI do not share an event loop.
 * s3rver encrypts list continuation tokens with DES, which OpenSSL 3 only has in its legacy provider.
 */
function startS3() {
  const script = `
    import S3rver from 's3rver'
    const server = new S3rver({ port: 0, address: '127.0.0.1', directory: ${JSON.stringify(mkdtempSync(join(work, 's3-')))}, silent: !process.env.S3_VERBOSE, configureBuckets: [{ name: 'assets', configs: [] }] })
    const { port } = await server.run()
    console.log(port)`
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--openssl-legacy-provider', '--input-type=module', '-e', script], { cwd: here, stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.once('data', (data) => resolve({ endpoint: `http://127.0.0.1:${String(data).trim()}`, stop: () => child.kill() }))
  })
}

rmSync(work, { recursive: true, force: true })
const tree = join(work, 'tree')
const out = join(work, 'out')
const { files } = await generateTree(tree, SIZE)
await buildCommand({ dirs: [tree], out, onWarning: () => {} })
const s3 = await startS3()
try {
  const publish = (...extra) => run([bin, 'publish', out, '--to', 's3://assets/static', '--endpoint', s3.endpoint, '--json', ...extra])
  const check = await run([bin, 'publish', out, '--to', 's3://assets/empty', '--endpoint', s3.endpoint, '--json', '--dry-run'])
  const first = await publish()
  const again = await publish()
  const verified = await publish('--verify')
  const [firstSummary, againSummary] = [JSON.parse(first.stdout), JSON.parse(again.stdout)]
  console.log(`${files} source files → ${firstSummary.uploaded.length} objects uploaded first (${format(firstSummary.bytes / 1024 / 1024, 1)} MiB); re-publish uploaded ${againSummary.uploaded.length}, skipped ${againSummary.skipped}`)
  report({ name: `${files} files: first publish vs re-publish --verify (full listing, no upload)`, ours: `${format(verified.ms)} ms`, peer: `${format(first.ms)} ms`, unit: '(re-publish vs first)', ratio: first.ms / verified.ms })
  report({ name: `${files} files: first publish vs its checks alone (dry run to an empty prefix, every file hashed)`, ours: `${format(check.ms)} ms`, peer: `${format(first.ms)} ms`, unit: '(dry run vs first)', ratio: first.ms / check.ms })
  report({ name: `${files} files: first publish vs no-change re-publish`, ours: `${format(again.ms)} ms`, peer: `${format(first.ms)} ms`, unit: '(re-publish vs first)', ratio: first.ms / again.ms, goal: { min: 20, text: 'first/re-publish ≥ 20' } })
} finally {
  s3.stop()
}
