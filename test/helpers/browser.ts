import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Debian's Chromium, headless, with the network chatter this sandbox refuses turned off. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run \`apt-get install chromium\` (.ci/run does) or set CHROMIUM_PATH.`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  })
}

/** Everything a page did that a user would notice going wrong. */
export interface PageLog {
  failed: string[]
  errors: string[]
  responses: Array<{ url: string; status: number }>
  /** Response headers by URL. */
  headers: Map<string, Record<string, string>>
}

export function watchPage(page: Page): PageLog {
  const log: PageLog = { failed: [], errors: [], responses: [], headers: new Map() }
  page.on('requestfailed', (request) => log.failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`))
  page.on('response', (response) => {
    log.responses.push({ url: response.url(), status: response.status() })
    log.headers.set(response.url(), response.headers())
  })
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text())
  })
  page.on('pageerror', (error) => log.errors.push(error.message))
  return log
}
