import { Worker } from 'node:worker_threads'
import { AssetmapError } from '@assetmap/runtime'
import type { CopiedFile, CopyJob, WriteJob } from './writeOutputFiles.ts'
import { CLAIMED_BY_CALLER, runRequest, type WriterError, type WriterReply, type WriterRequest } from './writerRequests.ts'

/** Writes and copies the files of a static build, in batches, on worker threads or inline. */
export interface OutputWriter {
  /** Queues a file. */
  write(job: WriteJob): void
  /**
   * Starts reading, hashing and writing files that are never rewritten. `collect()` takes part
   * in what is left of that work, then resolves with where each file went.
   */
  copy(jobs: readonly CopyJob[]): { collect(): Promise<CopiedFile[]> }
  /** Writes what is queued and resolves once every file is on disk; rejects with `WRITE_FAILED`. */
  close(): Promise<void>
  /** Stops without waiting, after a failure elsewhere; what was written stays (no manifest names it yet). */
  abort(): void
}

/** Options of `createOutputWriter`. */
export interface OutputWriterOptions {
  /** Worker threads; 0 works inline, in the calling thread. */
  threads: number
  /** Most files the build will write or copy (hashed files and originals): no more requests than that are made. */
  capacity: number
  /** Told how many files are on disk so far. */
  onWritten?: ((count: number) => void) | undefined
}

const BATCH_FILES = 64
const BATCH_BYTES = 2 * 1024 * 1024
const COPY_CHUNK = 64

/** The `WRITE_FAILED` error for a file that could not be read or written. */
export function writeFailed(error: WriterError): AssetmapError {
  const where = error.path ? ` ${error.path}` : ' a static file'
  const hint = error.action === 'read' ? 'Check that the static folder is readable.' : 'Check that the output folder is writable and has room.'
  return new AssetmapError('WRITE_FAILED', `Cannot ${error.action ?? 'write'}${where}: ${error.message}. ${hint}`, {
    value: error.path,
    cause: error,
  })
}

/**
 * Writes the files of a static build into `outDir` (its folders must exist). Requests go to
 * worker threads, since creating thousands of files is mostly the kernel's work, which then runs
 * on other cores beside the parsing and hashing. Whenever the calling thread would wait, it takes
 * unstarted requests itself, newest first, while the workers go oldest first: each request is
 * claimed once, through a shared array, by whichever thread gets to it.
 */
export function createOutputWriter(outDir: string, options: OutputWriterOptions): OutputWriter {
  const claims = new Int32Array(new SharedArrayBuffer(4 * (options.capacity + 16)))
  const pending = new Map<number, { request: WriterRequest; onReply: (reply: WriterReply) => void }>()
  let batch: WriteJob[] = []
  let batchBytes = 0
  let written = 0
  let nextId = 0
  let failure: AssetmapError | undefined
  let settled: (() => void) | undefined
  let stopping = false

  const receive = (reply: WriterReply): void => {
    if ('skipped' in reply) return
    const entry = pending.get(reply.id)
    if (!entry) return
    pending.delete(reply.id)
    if ('error' in reply) failure ??= writeFailed(reply.error)
    else {
      written += reply.written
      options.onWritten?.(written)
    }
    entry.onReply(reply)
    settled?.()
  }

  const workers = Array.from({ length: Math.max(0, options.threads) }, () => {
    const thread = new Worker(new URL('./outputWorker.js', import.meta.url), { workerData: { outDir, claims } })
    const worker = { thread, queued: 0 }
    thread.on('message', (reply: WriterReply) => {
      worker.queued--
      receive(reply)
    })
    thread.on('error', (error) => {
      failure ??= writeFailed(error)
      settled?.()
    })
    thread.on('exit', (code) => {
      if (stopping) return
      failure ??= writeFailed({ message: `a writer thread stopped (exit code ${code})` })
      settled?.()
    })
    return worker
  })

  /** Runs the unstarted requests among `ids` in this thread, newest first. */
  const help = (ids: Iterable<number> = pending.keys()): void => {
    for (const id of [...ids].reverse()) {
      const entry = pending.get(id)
      if (entry && !failure && Atomics.compareExchange(claims, id, 0, CLAIMED_BY_CALLER) === 0) receive(runRequest(outDir, entry.request))
    }
  }

  /** Resolves once none of `ids` is pending (or something failed). */
  const settle = async (ids: readonly number[]): Promise<void> => {
    help(ids)
    while (!failure && ids.some((id) => pending.has(id))) await new Promise<void>((resolve) => (settled = resolve))
    settled = undefined
  }

  const send = (request: Omit<WriterRequest, 'id'>, onReply: (reply: WriterReply) => void = () => {}): number => {
    const id = nextId++
    pending.set(id, { request: { id, ...request }, onReply })
    // Past the claims array (a build larger than announced), or with no workers: run it here, now.
    if (workers.length === 0 || id >= claims.length) {
      claims[id] = CLAIMED_BY_CALLER
      receive(runRequest(outDir, { id, ...request }))
      return id
    }
    const worker = workers.reduce((least, candidate) => (candidate.queued < least.queued ? candidate : least))
    worker.queued++
    worker.thread.postMessage({ id, ...request })
    return id
  }

  const flush = (): void => {
    if (batch.length === 0) return
    send({ write: batch })
    batch = []
    batchBytes = 0
  }
  const stop = (): Promise<unknown> => {
    stopping = true
    return Promise.all(workers.map((worker) => worker.thread.terminate()))
  }

  return {
    write(job) {
      batch.push(job)
      batchBytes += job.bytes.byteLength
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) flush()
    },
    copy(jobs) {
      const results: CopiedFile[][] = []
      const ids: number[] = []
      for (let start = 0; start < jobs.length; start += COPY_CHUNK) {
        const index = results.push([]) - 1
        const onReply = (reply: WriterReply): void => {
          if ('copied' in reply) results[index] = reply.copied ?? []
        }
        ids.push(send({ copy: jobs.slice(start, start + COPY_CHUNK) }, onReply))
      }
      return {
        async collect() {
          await settle(ids)
          if (failure) throw failure
          return results.flat()
        },
      }
    },
    async close() {
      flush()
      try {
        await settle([...pending.keys()])
      } finally {
        await stop()
      }
      if (failure) throw failure
    },
    abort: () => void stop(),
  }
}
