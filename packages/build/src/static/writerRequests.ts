import { copyOpaqueFiles, writeOutputFiles, type CopiedFile, type CopyJob, type OutputFileError, type WriteJob } from './writeOutputFiles.ts'

/** Work for a writer thread: files to write, or files to copy. */
export interface WriterRequest {
  id: number
  write?: WriteJob[] | undefined
  copy?: readonly CopyJob[] | undefined
}

/** A writer thread's answer; `skipped` when the calling thread took the request first. */
export type WriterReply =
  | { id: number; written: number; copied?: CopiedFile[] | undefined }
  | { id: number; skipped: true }
  | { id: number; error: WriterError }

/** What went wrong, as it crosses threads. */
export interface WriterError {
  message: string
  path?: string | undefined
  action?: 'read' | 'write' | undefined
}

/** What a thread stores in a request's slot of the shared claims array to take it. */
export const CLAIMED_BY_WORKER = 1
export const CLAIMED_BY_CALLER = 2

/** Carries out one request in the current thread. */
export function runRequest(outDir: string, { id, write, copy }: WriterRequest): WriterReply {
  try {
    if (write) writeOutputFiles(outDir, write)
    return copy ? { id, written: copy.length, copied: copyOpaqueFiles(outDir, copy) } : { id, written: write?.length ?? 0 }
  } catch (error) {
    const { message, path, action } = error as OutputFileError
    return { id, error: { message, path, action } }
  }
}
