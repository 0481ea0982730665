// Worker thread of `createOutputWriter`: writes and copies static files while the main thread
// reads, parses and hashes the ones it rewrites.
import { parentPort, workerData } from 'node:worker_threads'
import type { WriterReply, WriterRequest } from './createOutputWriter.ts'
import { copyOpaqueFiles, writeOutputFiles } from './writeOutputFiles.ts'

const { outDir } = workerData as { outDir: string }

parentPort!.on('message', ({ id, write, copy }: WriterRequest) => {
  let reply: WriterReply
  try {
    if (write) writeOutputFiles(outDir, write)
    reply = { id, written: write?.length ?? copy?.length ?? 0, copied: copy ? copyOpaqueFiles(outDir, copy) : undefined }
  } catch (error) {
    const { message, path } = error as NodeJS.ErrnoException
    reply = { id, error: { message, path } }
  }
  parentPort!.postMessage(reply)
})
