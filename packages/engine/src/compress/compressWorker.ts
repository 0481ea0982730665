import { parentPort } from 'node:worker_threads'
import { compressGroup, type CompressTask } from './compressGroup.ts'

// One task at a time from compressFiles' pool; errors go back as data so the pool can name the file.
parentPort!.on('message', ({ id, task }: { id: number; task: CompressTask }) => {
  try {
    parentPort!.postMessage({ id, results: compressGroup(task) })
  } catch (error) {
    const { message, path } = error as NodeJS.ErrnoException
    parentPort!.postMessage({ id, error: { message, path: path ?? task.paths[0] } })
  }
})
