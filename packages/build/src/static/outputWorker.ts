// Worker thread of `createOutputWriter`: writes and copies static files while the main thread
// reads, parses and hashes the ones it rewrites.
import { parentPort, workerData } from 'node:worker_threads'
import { CLAIMED_BY_WORKER, runRequest, type WriterRequest } from './writerRequests.ts'

const { outDir, claims } = workerData as { outDir: string; claims: Int32Array }

parentPort!.on('message', (request: WriterRequest) => {
  // The main thread may have taken this request while it waited; then it is not ours to run.
  const free = Atomics.compareExchange(claims, request.id, 0, CLAIMED_BY_WORKER) === 0
  parentPort!.postMessage(free ? runRequest(outDir, request) : { id: request.id, skipped: true })
})
