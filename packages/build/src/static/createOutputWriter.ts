import { Worker } from 'node:worker_threads'
import { AssetmapError } from '@assetmap/runtime'
import { copyOpaqueFiles, writeOutputFiles, type CopiedFile, type CopyJob, type WriteJob } from './writeOutputFiles.ts'

/** Writes and copies the files of a static build, in batches, on worker threads or inline. */
export interface OutputWriter {
  /** Queues a file. Its buffer moves to a worker thread and must not be used after, unless `copy` is set. */
  write(job: WriteJob, copy?: boolean): void
  /** Reads, hashes and writes files that are never rewritten; resolves with where each went. */
  copy(jobs: readonly CopyJob[]): Promise<CopiedFile[]>
  /** Writes what is queued and resolves once every file is on disk; rejects with `WRITE_FAILED`. */
  close(): Promise<void>
  /** Stops without waiting, after a failure elsewhere; what was written stays (no manifest names it yet). */
  abort(): void
}

/** Options of `createOutputWriter`. */
export interface OutputWriterOptions {
  /** Worker threads; 0 works inline, in the calling thread. */
  threads: number
  /** Told how many files are on disk so far. */
  onWritten?: ((count: number) => void) | undefined
}

/** A message to a writer thread: files to write, or files to copy. */
export interface WriterRequest {
  id: number
  write?: WriteJob[] | undefined
  copy?: readonly CopyJob[] | undefined
}

/** A writer thread's answer. */
export type WriterReply = { id: number; written: number; copied?: CopiedFile[] | undefined } | { id: number; error: { message: string; path?: string | undefined } }

const BATCH_FILES = 64
const BATCH_BYTES = 2 * 1024 * 1024
const COPY_CHUNK = 128

function writeFailed(error: { message: string; path?: string | undefined }): AssetmapError {
  const where = error.path ? ` ${error.path}` : ' a static file'
  return new AssetmapError('WRITE_FAILED', `Cannot write${where}: ${error.message}`, { value: error.path, cause: error })
}

/** The buffer behind `bytes`, if `bytes` is all of it and so can move to another thread. */
function movable(bytes: Uint8Array): ArrayBuffer | undefined {
  const { buffer } = bytes
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? buffer : undefined
}

/** Runs requests inline, for builds too small to pay for a thread. */
function inlineRunner(outDir: string): (request: WriterRequest) => Promise<WriterReply> {
  return async ({ id, write, copy }) => {
    try {
      if (write) writeOutputFiles(outDir, write)
      return { id, written: write?.length ?? copy?.length ?? 0, copied: copy ? copyOpaqueFiles(outDir, copy) : undefined }
    } catch (error) {
      return { id, error: error as NodeJS.ErrnoException }
    }
  }
}

/**
 * Writes the files of a static build into `outDir` (its folders must exist). With threads,
 * requests go to the least busy worker with their buffers moved, not copied: creating thousands
 * of files is mostly the kernel's work, which then runs on other cores beside the hashing.
 */
export function createOutputWriter(outDir: string, options: OutputWriterOptions): OutputWriter {
  let batch: WriteJob[] = []
  let transfer: ArrayBuffer[] = []
  let batchBytes = 0
  let written = 0
  let nextId = 0
  let failure: AssetmapError | undefined
  const waiting = new Map<number, (reply: WriterReply) => void>()
  let idle: (() => void) | undefined

  const receive = (reply: WriterReply): void => {
    const resolve = waiting.get(reply.id)
    waiting.delete(reply.id)
    if ('error' in reply) failure ??= writeFailed(reply.error)
    else {
      written += reply.written
      options.onWritten?.(written)
    }
    resolve?.(reply)
    if (waiting.size === 0 || failure) idle?.()
  }

  const workers = Array.from({ length: Math.max(0, options.threads) }, () => {
    const thread = new Worker(new URL('./outputWorker.js', import.meta.url), { workerData: { outDir } })
    const worker = { thread, pending: 0 }
    thread.on('message', (reply: WriterReply) => {
      worker.pending--
      receive(reply)
    })
    thread.on('error', (error) => {
      failure ??= writeFailed(error)
      idle?.()
    })
    return worker
  })
  const runInline = inlineRunner(outDir)

  /** Sends a request; `onReply` gets its answer. */
  const send = (request: Omit<WriterRequest, 'id'>, buffers: ArrayBuffer[], onReply?: (reply: WriterReply) => void): void => {
    const id = nextId++
    waiting.set(id, onReply ?? (() => {}))
    if (workers.length === 0) {
      void runInline({ id, ...request }).then(receive)
      return
    }
    const worker = workers.reduce((least, candidate) => (candidate.pending < least.pending ? candidate : least))
    worker.pending++
    worker.thread.postMessage({ id, ...request }, buffers)
  }

  const flush = (): void => {
    if (batch.length === 0 || failure) return
    send({ write: batch }, transfer)
    batch = []
    transfer = []
    batchBytes = 0
  }
  const stop = (): Promise<unknown> => Promise.all(workers.map((worker) => worker.thread.terminate()))

  return {
    write(job, copy) {
      batch.push(job)
      batchBytes += job.bytes.byteLength
      const buffer = copy ? undefined : movable(job.bytes)
      if (buffer) transfer.push(buffer)
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) flush()
    },
    async copy(jobs) {
      const chunks: Array<Promise<CopiedFile[]>> = []
      for (let start = 0; start < jobs.length; start += COPY_CHUNK) {
        chunks.push(new Promise((resolve) => send({ copy: jobs.slice(start, start + COPY_CHUNK) }, [], (reply) => resolve('copied' in reply ? (reply.copied ?? []) : []))))
      }
      const copied = (await Promise.all(chunks)).flat()
      if (failure) throw failure
      return copied
    },
    async close() {
      flush()
      try {
        await new Promise<void>((resolve) => {
          idle = resolve
          if (waiting.size === 0 || failure) resolve()
        })
      } finally {
        await stop()
      }
      if (failure) throw failure
    },
    abort: () => void stop(),
  }
}
