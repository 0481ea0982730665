import { debugEnabled, formatSent } from './sentLog.ts'
import type { SentLog } from './sentLog.ts'
import type { Assets } from './types.ts'

/**
 * One line that lists what a page scope (`assets.page()`, `res.locals.assets`) sent: its entries,
 * then each stylesheet, modulepreload, script, font preload, prefetch and hint with its size.
 * Undefined unless `DEBUG=assetmap` was set (outside production) when the page was made.
 */
export function describeSent(page: Assets, label = 'page'): string | undefined {
  const log = (page as { sentLog?: SentLog }).sentLog
  return log === undefined ? undefined : formatSent(log, label, page.baseUrl)
}

/** Prints `describeSent` to stderr when `DEBUG=assetmap` (the integrations call it once a page is done). */
export function reportSent(page: Assets, label: string): void {
  if (!debugEnabled()) return
  const line = describeSent(page, label)
  if (line !== undefined) process.stderr.write(`${line}\n`)
}
