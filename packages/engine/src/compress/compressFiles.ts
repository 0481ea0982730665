import { lstatSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AssetmapError } from '@assetmap/runtime/internal'
import { compressGroup, type CompressedFile, type CompressTask } from './compressGroup.ts'
import { resolveEncodings, supportedEncodings, VARIANT_EXTENSIONS, type Encoding } from './encodings.ts'
import { isCompressible } from './isCompressible.ts'

/** Options of `compressFiles`. */
export interface CompressFilesOptions {
  /** Folder the paths are relative to. */
  dir: string
  /** Files to precompress, relative to `dir`. Already-compressed formats (PNG, WOFF2, …) are skipped. */
  paths: Iterable<string>
  /** Encodings to write. @default every encoding the running Node supports (br, gzip, and zstd on Node ≥ 22.15) */
  encodings?: readonly Encoding[]
  /** Keep a variant only if it is at most this share of the original. @default 0.95 */
  maxRatio?: number
  /** Worker threads; 0 compresses in the calling thread. @default os.availableParallelism() */
  workers?: number
  /** Told how many files are done. @default undefined */
  onProgress?: (done: number, total: number) => void
  /**
   * Whether a file's name holds the hash of its content (a hashed static file): a variant already
   * beside one encodes these very bytes, so a file with one of each encoding is neither read nor
   * compressed again, and its variants are not decoded. Other files' variants are checked by
   * decoding them. @default () => false
   */
  contentNamed?: ((path: string) => boolean) | undefined
}

/** What `compressFiles` wrote. */
export interface CompressResult {
  /** Path (relative) → encodings whose variant sits beside it. Files with no variant are left out. */
  encodings: Map<string, Encoding[]>
  /** Files considered (compressible types). */
  files: number
  /** Their total size. */
  bytes: number
  /** Total size of the kept variants, per encoding. */
  variantBytes: Partial<Record<Encoding, number>>
}

type Reply = { id: number; results: CompressedFile[] } | { id: number; error: { message: string; path: string } }

function failure(error: { message: string; path?: string | undefined }): AssetmapError {
  return new AssetmapError('WRITE_FAILED', `Cannot precompress ${error.path ?? 'a file'}: ${error.message}`, { value: error.path, cause: error })
}

/** Runs the tasks on a pool of worker threads, largest first, one task per worker at a time. */
async function runOnWorkers(tasks: CompressTask[], count: number, onResults: (results: CompressedFile[]) => void): Promise<void> {
  // No flags of the parent process: some (`--input-type`, `--eval`) make a worker fail to start, and zlib needs none.
  const workers = Array.from({ length: Math.min(count, tasks.length) }, () => new Worker(new URL('./compressWorker.js', import.meta.url), { execArgv: [] }))
  let next = 0
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= tasks.length) return resolve()
              worker.postMessage({ id: next, task: tasks[next++] })
            }
            worker.on('message', (reply: Reply) => {
              if ('error' in reply) return reject(failure(reply.error))
              onResults(reply.results)
              send()
            })
            worker.on('error', (error) => reject(failure(error)))
            send()
          }),
      ),
    )
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}

/**
 * Precompresses files in place: `x.css` gets `x.css.br`, `x.css.gz` (and `x.css.zst`) beside it,
 * each written atomically, on worker threads across all cores. A variant is kept only when it
 * is at most `maxRatio` of the original. Identical files are compressed once. Call it before
 * writing the manifest, which lists the result in `files[…].encodings`.
 */
export async function compressFiles(options: CompressFilesOptions): Promise<CompressResult> {
  const wanted = options.encodings ? resolveEncodings(options.encodings) : supportedEncodings()
  // Brotli first: content it cannot shrink is not tried with the others.
  const encodings = (Object.keys(VARIANT_EXTENSIONS) as Encoding[]).filter((encoding) => wanted.includes(encoding))
  const result: CompressResult = { encodings: new Map(), files: 0, bytes: 0, variantBytes: {} }
  if (encodings.length === 0) return result
  const relative = new Map<string, string>()
  // Files of one size are the only candidates for identical content, so grouping by size finds duplicates cheaply.
  const bySize = new Map<number, string[]>()
  const trusted: CompressedFile[] = []
  for (const path of new Set(options.paths)) {
    if (!isCompressible(path)) continue
    const absolute = join(options.dir, path)
    relative.set(absolute, path)
    let size: number
    try {
      size = statSync(absolute).size
    } catch (error) {
      throw failure({ message: (error as Error).message, path: absolute })
    }
    result.files++
    result.bytes += size
    const kept = options.contentNamed?.(path) ? keptVariants(absolute, encodings) : undefined
    if (kept !== undefined) {
      trusted.push(kept)
      continue
    }
    const group = bySize.get(size)
    if (group) group.push(absolute)
    else bySize.set(size, [absolute])
  }
  const maxRatio = options.maxRatio ?? 0.95
  const tasks = [...bySize].sort(([a], [b]) => b - a).map(([, paths]): CompressTask => ({ paths, encodings, maxRatio }))
  let done = 0
  const collect = (files: CompressedFile[]): void => {
    for (const file of files) {
      if (file.encodings.length > 0) result.encodings.set(relative.get(file.path)!, file.encodings)
      for (const [encoding, size] of Object.entries(file.sizes) as [Encoding, number][]) {
        result.variantBytes[encoding] = (result.variantBytes[encoding] ?? 0) + size
      }
      options.onProgress?.(++done, result.files)
    }
  }
  collect(trusted)
  const workers = options.workers ?? availableParallelism()
  if (workers <= 0) {
    for (const task of tasks) {
      try {
        collect(compressGroup(task))
      } catch (error) {
        throw failure({ message: (error as Error).message, path: (error as NodeJS.ErrnoException).path ?? task.paths[0] })
      }
    }
  } else if (tasks.length > 0) await runOnWorkers(tasks, workers, collect)
  return result
}

/** The variants beside a content-named file, when there is one of every encoding (regular files); `undefined` otherwise (compress it). */
function keptVariants(path: string, encodings: readonly Encoding[]): CompressedFile | undefined {
  const kept: CompressedFile = { path, encodings: [], sizes: {} }
  for (const encoding of encodings) {
    const stats = lstatSync(path + VARIANT_EXTENSIONS[encoding], { throwIfNoEntry: false })
    if (stats === undefined || !stats.isFile()) return undefined
    kept.encodings.push(encoding)
    kept.sizes[encoding] = stats.size
  }
  return kept
}
