import { resolve } from 'node:path'
import { AssetmapError, type Manifest } from '@assetmap/runtime'
import { MANIFEST_FILE, RELEASES_DIR } from '@assetmap/runtime/internal'
import { buildMismatch, integrityProblems, listedProblems, recordedIntegrity, type FileProblem } from '../deploy/checkBuild.ts'
import { localStore } from '../deploy/localStore.ts'
import { planPublish, type Upload } from '../deploy/planPublish.ts'
import { readStoreState, type StoreState } from '../deploy/readReleases.ts'
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
  /**
   * Older releases whose manifest copy was not uploaded because it names files this folder no
   * longer holds (cleaned here, or deleted by hand): a published manifest never names a missing object.
   */
  withheld: string[]
}

/**
 * Checks the build against its manifests before anything is sent. The current release must be
 * whole: every file it names there, of the recorded size, with every variant it records. An older
 * release copy that is not whole is left out of the upload (returned in `withheld`).
 * @throws AssetmapError `MANIFEST_INVALID` listing the files, when the current release is not whole.
 */
function publishable(state: StoreState, current: Manifest, location: string, read: (key: string) => Uint8Array): { state: StoreState; withheld: string[] } {
  const problems: FileProblem[] = listedProblems(current, state.objects)
  const withheld: string[] = []
  for (const { release, manifest } of state.releases) {
    const found = listedProblems(manifest, state.objects)
    if (found.length === 0) continue
    if (release === current.release) problems.push(...found)
    else withheld.push(release)
  }
  if (problems.length > 0) {
    // Report every file at fault at once: the present ones are hashed too.
    const present = Object.keys(current.files).filter((key) => state.objects.has(key))
    throw buildMismatch(location, [...problems, ...integrityProblems(present, recordedIntegrity([current]), read)])
  }
  const objects = new Map(state.objects)
  for (const release of withheld) objects.delete(`${RELEASES_DIR}/${release}.json`)
  return { state: { ...state, objects, releases: state.releases.filter((entry) => !withheld.includes(entry.release)) }, withheld }
}

/**
 * Uploads a build to S3-compatible storage, manifests last: content first, then every release's
 * manifest copy, then `assetmap.json`, so no published manifest ever names a missing object.
 * What is already there is skipped (one listing), so an interrupted publish, run again, completes.
 * Nothing is sent unless the folder holds every file the current manifest names, and every file
 * to upload has the integrity its manifest records (with `verify`, every file is hashed).
 */
export async function publishCommand(options: PublishCommandOptions): Promise<PublishSummary> {
  const started = performance.now()
  const dir = resolve(options.cwd ?? process.cwd(), options.dir)
  const target = parseS3Location(options.to)
  const local = localStore(dir)
  const found = await readStoreState(local)
  if (!found.current) {
    throw new AssetmapError('MANIFEST_NOT_FOUND', `No ${MANIFEST_FILE} in ${dir}: publish a build's output dir (run the build first).`, { value: dir })
  }
  const current = found.current
  const { state, withheld } = publishable(found, current, local.location, local.readSync)
  const store = await s3Store(target, options)
  try {
    const plan = planPublish(state, await remoteObjects(store, state, local.readSync, options.verify === true), local.readSync)
    const recorded = recordedIntegrity([current, ...state.releases.map((entry) => entry.manifest)])
    const toHash = options.verify ? recorded.keys() : plan.uploads.map((upload) => upload.key)
    const altered = integrityProblems(toHash, recorded, local.readSync)
    if (altered.length > 0) throw buildMismatch(local.location, altered)
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
      release: current.release,
      uploaded: plan.uploads,
      skipped: plan.skipped,
      bytes: plan.uploads.reduce((sum, upload) => sum + upload.size, 0),
      dryRun: options.dryRun === true,
      durationMs: Math.round(performance.now() - started),
      withheld,
    }
  } finally {
    store.destroy()
  }
}
