import type { ServerResponse } from 'node:http'
import { CACHE_CONTROL } from '@assetmap/runtime/internal'

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  412: 'Precondition Failed',
  416: 'Range Not Satisfiable',
  500: 'Internal Server Error',
}

/** A short plain-text answer that no cache keeps (a CDN must not remember a miss during a deploy). */
export function sendError(res: ServerResponse, status: number, extra?: Record<string, string>): void {
  const body = `${STATUS_TEXT[status]}\n`
  res
    .writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': CACHE_CONTROL.revalidate,
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    })
    .end(body)
}
