import { resolve } from 'node:path'
import { AssetmapError, MANIFEST_FILE } from '@assetmap/runtime'
import { localStore } from '../deploy/localStore.ts'
import { planPublish, type Upload } from '../deploy/planPublish.ts'
import { readStoreState } from '../deploy/readReleases.ts'
import { remoteObjects } from '../deploy/remoteObjects.ts'
import { runPool } from '../deploy/runPool.ts'
import { parseS3Location } from '../deploy/s3Location.ts'
import { s3Store, type S3Options } from '../deploy/s3Store.ts'

/** Options of `assetmap publish`. */
export interface PublishCommandOptions extends S3Options {
  /** The build's output dir (with `assetmap.json`). */
  dir: string
  /** Where to: `s3://bucket/prefix`. */
  to: string
  /** Uploads at a time. @default 16 */
  concurrency?: number
  /** Only work out the plan. @default false */
  dryRun?: boolean
  /**
   * List the whole bucket prefix and compare every key, instead of trusting a bucket manifest
   * identical to the local one (which proves a completed publish of the same build).
   * @default false
   */
  verify?: boolean
  /** Folder `dir` is relative to. @default process.cwd() */
  cwd?: string
  /** Told how many uploads are done. @default undefined */
  onProgress?: (done: number, total: number) => void
}

/** What `assetmap publish` did (or, with `dryRun`, would do). */
export interface PublishSummary {
  to: string
  release: string
  uploaded: Upload[]
  skipped: number
  bytes: number
  dryRun: boolean
  durationMs: number
}

/**
 * Uploads a build to S3-compatible storage, manifests last: content first, then every release's
 * manifest copy, then `assetmap.json`, so no published manifest ever names a missing object.
 * What is already there is skipped (one listing), so an interrupted publish, run again, completes.
 */
export async function publishCommand(options: PublishCommandOptions): Promise<PublishSummary> {
  const started = performance.now()
  const dir = resolve(options.cwd ?? process.cwd(), options.dir)
  const target = parseS3Location(options.to)
  const local = localStore(dir)
  const state = await readStoreState(local)
  if (!state.current) {
    throw new AssetmapError('MANIFEST_NOT_FOUND', `No ${MANIFEST_FILE} in ${dir}: publish a build's output dir (run the build first).`, { value: dir })
  }
  const store = await s3Store(target, options)
  try {
    const plan = planPublish(state, await remoteObjects(store, state, local.readSync, options.verify === true), local.readSync)
    if (!options.dryRun) {
      let done = 0
      for (const stage of [0, 1, 2] as const) {
        const uploads = plan.uploads.filter((upload) => upload.stage === stage)
        await runPool(uploads, options.concurrency ?? 16, async (upload) => {
          try {
            await store.put(upload.key, await local.read(upload.key), upload)
          } catch (error) {
            throw new AssetmapError('WRITE_FAILED', `Uploading ${upload.key} to ${store.location} failed: ${(error as Error).message}. Run publish again: it resumes.`, {
              value: upload.key,
              cause: error,
            })
          }
          options.onProgress?.(++done, plan.uploads.length)
        })
      }
    }
    return {
      to: store.location,
      release: state.current.release,
      uploaded: plan.uploads,
      skipped: plan.skipped,
      bytes: plan.uploads.reduce((sum, upload) => sum + upload.size, 0),
      dryRun: options.dryRun === true,
      durationMs: Math.round(performance.now() - started),
    }
  } finally {
    store.destroy()
  }
}
