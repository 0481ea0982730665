import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PutBucketCorsCommand, type CORSConfiguration } from '@aws-sdk/client-s3'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publishCommand } from '@assetmap/cli'
import { launchChromium, problems, watchPage } from '../helpers/browser.ts'
import { repoRoot } from '../helpers/paths.ts'
import { freePort } from '../helpers/ports.js'
import { start, type Started } from '../helpers/readme.ts'
import { buildReadmeApp } from '../helpers/readmeApp.ts'
import { startS3, type LocalS3 } from '../helpers/s3.ts'

/** The bucket CORS rules of docs/deploy.md, as written there. */
function documentedRules(): CORSConfiguration {
  const text = readFileSync(join(repoRoot, 'docs/deploy.md'), 'utf8')
  const section = text.slice(text.indexOf('## CORS on a CDN'))
  return JSON.parse(/```json\n([\s\S]*?)\n```/.exec(section)![1]!) as CORSConfiguration
}

// docs/deploy.md: the README app published to an S3 bucket (s3rver on another port: another
// origin) and started with ASSETMAP_BASE_URL pointing at it.
describe('the README app with its files in an S3 bucket as the CDN (docs/deploy.md, CORS on a CDN)', () => {
  let s3: LocalS3
  let server: Started
  let appOrigin: string
  let browser: Browser

  beforeAll(async () => {
    s3 = await startS3('my-bucket')
    const { app, out } = await buildReadmeApp('bucket-cors')
    await publishCommand({ dir: out, to: 's3://my-bucket/static', endpoint: s3.endpoint })
    const port = await freePort()
    appOrigin = `http://127.0.0.1:${port}`
    server = start(process.execPath, ['server.js'], app, { PORT: String(port), ASSETMAP_BASE_URL: `${s3.endpoint}/my-bucket/static/` })
    await server.ready(`${appOrigin}/`, 20_000)
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await s3?.stop()
  })

  const visit = async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const log = watchPage(page)
    await page.goto(`${appOrigin}/`, { waitUntil: 'networkidle' })
    const state = await page.evaluate(() => [document.body.dataset.entry ?? null, getComputedStyle(document.body).color])
    await context.close()
    return { log, state }
  }

  it('breaks the page while the bucket has no CORS rules: blocked by CORS policy', async () => {
    const { log, state } = await visit()
    expect(log.errors.join('\n')).toContain('blocked by CORS policy')
    expect(state).toEqual([null, 'rgb(0, 0, 0)'])
  })

  it('loads it whole with the rules deploy.md shows: styles applied, the module script ran', async () => {
    await s3.client.send(new PutBucketCorsCommand({ Bucket: 'my-bucket', CORSConfiguration: documentedRules() }))
    const { log, state } = await visit()
    expect(problems(log)).toEqual([])
    expect(state).toEqual(['main', 'rgb(33, 33, 33)'])
  })
})
