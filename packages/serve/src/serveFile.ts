import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReadStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import { negotiateEncoding } from './acceptEncoding.ts'
import { byteRange } from './byteRange.ts'
import { ifRangeMatches, preconditions } from './conditional.ts'
import { changedRepresentation, isAsTabled, isUnchangedOnDisk, type Representation, type ServedFile, type TableSettings, type Validators } from './fileTable.ts'
import { cachedBytes, keep, MAX_CACHED_FILE, type MemoryCache } from './memoryCache.ts'
import { closeQuietly, openServedFile, readAll, type OpenedFile } from './openServedFile.ts'
import { sendError } from './sendError.ts'

/** Streams bytes `start`…`end` of an open file with backpressure; a file that shrank meanwhile ends the connection rather than send fewer bytes than promised. */
async function stream(res: ServerResponse, fd: number, start: number, end: number): Promise<void> {
  const source = createReadStream('', { fd, start, end, autoClose: true })
  try {
    await pipeline(source, res, { end: false })
  } catch {
    res.destroy()
    return
  }
  if (source.bytesRead === end - start + 1) res.end()
  else res.destroy()
}

/** Answers a failed precondition (412) or a client whose copy is current (304); `false` when the file is to be sent. */
function answeredByPreconditions(req: IncomingMessage, res: ServerResponse, validators: Validators, notModified: Record<string, string>): boolean {
  const outcome = preconditions(req.headers, validators)
  if (outcome === 412) sendError(res, 412)
  else if (outcome === 304) res.writeHead(304, notModified).end()
  return outcome !== 200
}

/** The bytes to send of a file of `size`: all of it (200), the one range asked while `If-Range` still names the file (206), or none (416). */
function selectRange(req: IncomingMessage, size: number, etag: string, mtimeSeconds: number): { status: 200 | 206; start: number; end: number } | 'unsatisfiable' {
  const whole = { status: 200 as const, start: 0, end: size - 1 }
  const header = req.headers.range
  if (header === undefined || !ifRangeMatches(req.headers['if-range'] as string | undefined, etag, mtimeSeconds)) return whole
  const range = byteRange(header, size)
  if (range === 'unsatisfiable') return range
  return range === 'ignore' ? whole : { status: 206, ...range }
}

/**
 * Answers a GET or HEAD for a file of the table: negotiates the representation, then sends what
 * the file holds now. Bytes from the memory cache are sent while the file is unchanged; otherwise
 * the file is opened (a regular file at its path, no link followed: else a 404), and the fstat of
 * that descriptor gives the size, so Content-Length always equals the bytes sent. A file that
 * changed since the table was built is sent with headers made from that fstat. Resolves to
 * `false`, having sent nothing, when the file is gone: the caller answers that miss as any other.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, file: ServedFile, head: boolean, cache: MemoryCache, settings: TableSettings): Promise<boolean> {
  // Ranges are served from the identity file only: offsets into a compressed variant mean nothing to the client.
  let coding = req.headers.range === undefined ? negotiateEncoding(req.headers['accept-encoding'], file.codings) : 'identity'
  if (coding === undefined) {
    sendError(res, 406, file.vary ? { Vary: 'Accept-Encoding' } : undefined)
    return true
  }
  // A variant encodes the identity bytes the table found. Once those changed (a rebuild, a swap),
  // the variant may hold other content: the identity file is sent instead.
  if (coding !== 'identity' && !isUnchangedOnDisk(file.identity)) coding = 'identity'
  const rep = coding === 'identity' ? file.identity : file.variants.get(coding)!
  let bytes = cachedBytes(rep, cache)
  let opened: OpenedFile | undefined
  // The descriptor while this function owns it, to close on every way out.
  let fd: number | undefined
  let view: Representation = rep
  let validators: Validators = file
  try {
    if (bytes === undefined) {
      opened = await openServedFile(rep)
      if (opened === undefined) return false
      fd = opened.fd
      if (!isAsTabled(rep, opened.stats)) view = validators = changedRepresentation(file, rep, rep === file.identity ? undefined : coding, opened.stats, settings)
    }
    if (answeredByPreconditions(req, res, validators, view.notModified)) return true
    if (fd !== undefined && !head && view.size <= MAX_CACHED_FILE) {
      bytes = await readAll(fd, view.size)
      if (view === rep && bytes.byteLength === rep.size) keep(rep, bytes, opened!.stats, cache)
    }
    const size = bytes?.byteLength ?? view.size
    const part = selectRange(req, size, view.etag, validators.mtimeSeconds)
    if (part === 'unsatisfiable') {
      sendError(res, 416, { 'Content-Range': `bytes */${size}` })
      return true
    }
    const { status, start, end } = part
    let headers = size === view.size ? view.headers : { ...view.headers, 'Content-Length': size }
    if (status === 206) headers = { ...headers, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${size}` }
    res.writeHead(status, headers)
    if (head || size === 0) res.end()
    else if (bytes !== undefined) res.end(status === 206 ? bytes.subarray(start, end + 1) : bytes)
    else {
      // The stream owns the descriptor from here, and closes it.
      const owned = fd!
      fd = undefined
      await stream(res, owned, start, end)
    }
    return true
  } finally {
    if (fd !== undefined) closeQuietly(fd)
  }
}
