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

/** Prints `describeSent` to stderr when `DEBUG=assetmap`, once per page (the integrations call it when a page is done). */
export function reportSent(page: Assets, label: string): void {
  const log = (page as { sentLog?: SentLog }).sentLog
  if (log === undefined || log.reported || !debugEnabled()) return
  log.reported = true
  process.stderr.write(`${formatSent(log, log.label ?? label, page.baseUrl)}\n`)
}

/** Names the page in its report (`GET /path`), whoever reports it. */
export function labelSent(page: Assets, label: string): void {
  const log = (page as { sentLog?: SentLog }).sentLog
  if (log !== undefined) log.label = label
}
