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

/**
 * Answers a GET or HEAD for a file of the table: negotiates the representation, then sends what
 * the file holds now. Bytes from the memory cache are sent while the file is unchanged; otherwise
 * the file is opened (a regular file at its path, no link followed: else a 404), and the fstat of
 * that descriptor gives the size, so Content-Length always equals the bytes sent. A file that
 * changed since the table was built is sent with headers made from that fstat. Resolves to
 * `false`, having sent nothing, when the file is gone: the caller answers that miss as any other.
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, file: ServedFile, head: boolean, cache: MemoryCache, settings: TableSettings): Promise<boolean> {
  const rangeHeader = req.headers.range
  // Ranges are served from the identity file only: offsets into a compressed variant mean nothing to the client.
  let coding = rangeHeader === undefined ? negotiateEncoding(req.headers['accept-encoding'], file.codings) : 'identity'
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
    const precondition = preconditions(req.headers, validators)
    if (precondition === 412) {
      sendError(res, 412)
      return true
    }
    if (precondition === 304) {
      res.writeHead(304, view.notModified).end()
      return true
    }
    if (fd !== undefined && !head && view.size <= MAX_CACHED_FILE) {
      bytes = await readAll(fd, view.size)
      if (view === rep && bytes.byteLength === rep.size) keep(rep, bytes, opened!.stats, cache)
    }
    const size = bytes?.byteLength ?? view.size
    let status = 200
    let headers = size === view.size ? view.headers : { ...view.headers, 'Content-Length': size }
    let start = 0
    let end = size - 1
    if (rangeHeader !== undefined && ifRangeMatches(req.headers['if-range'] as string | undefined, view.etag, validators.mtimeSeconds)) {
      const range = byteRange(rangeHeader, size)
      if (range === 'unsatisfiable') {
        sendError(res, 416, { 'Content-Range': `bytes */${size}` })
        return true
      }
      if (range !== 'ignore') {
        ;({ start, end } = range)
        status = 206
        headers = { ...headers, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${size}` }
      }
    }
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
