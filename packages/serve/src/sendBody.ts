import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Representation } from './fileTable.ts'

/** Files over this size are always streamed, never held in memory. */
const MAX_CACHED_FILE = 1024 * 1024

/** The memory budget every representation of one handler draws on. */
export interface MemoryCache {
  remaining: number
}

/**
 * Reads a file whose size the table knows: open, one read, close (fewer round trips to the
 * thread pool than `readFile`, which also stats, or a stream). A file that shrank since start-up fails.
 */
async function readWhole(path: string, size: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const body = Buffer.allocUnsafe(size)
    const { bytesRead } = await handle.read(body, 0, size, 0)
    if (bytesRead !== size) throw new Error(`${path} changed size since start-up`)
    return body
  } finally {
    handle.close().catch(() => {})
  }
}

/** Answers when the file vanished after start-up (a deploy removed it): a miss, not a crash. */
export type OnMissing = (res: ServerResponse) => void

/**
 * Sends the response head and the bytes `start`…`end` (inclusive) of a representation. Small
 * files are read whole and kept while the memory budget lasts; the rest stream from disk with
 * backpressure. HEAD requests get the head only.
 */
export function sendBody(
  res: ServerResponse,
  head: boolean,
  status: number,
  headers: Record<string, string | number>,
  rep: Representation,
  range: { start: number; end: number } | undefined,
  cache: MemoryCache,
  onMissing: OnMissing,
): void {
  if (head) {
    res.writeHead(status, headers).end()
    return
  }
  const send = (body: Buffer): void => {
    res.writeHead(status, headers).end(range ? body.subarray(range.start, range.end + 1) : body)
  }
  if (rep.body !== undefined) return send(rep.body)
  if (rep.size <= MAX_CACHED_FILE) {
    readWhole(rep.path, rep.size).then(
      (body) => {
        if (rep.body === undefined && body.byteLength <= cache.remaining) {
          cache.remaining -= body.byteLength
          rep.body = body
        }
        send(body)
      },
      () => onMissing(res),
    )
    return
  }
  const stream = createReadStream(rep.path, range ? { start: range.start, end: range.end } : {})
  stream.once('error', () => {
    if (!res.headersSent) onMissing(res)
  })
  stream.once('open', () => {
    res.writeHead(status, headers)
    // pipeline applies backpressure and closes the file if the client goes away.
    pipeline(stream, res).catch(() => res.destroy())
  })
}
