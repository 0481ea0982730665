import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { runningBuilds } from '@assetmap/engine/internal'
import { AssetmapError } from '@assetmap/runtime'
import { parseDuration } from '../deploy/duration.ts'
import { localStore } from '../deploy/localStore.ts'
import type { ObjectStore } from '../deploy/objectStore.ts'
import { planClean, type CleanPlan } from '../deploy/planClean.ts'
import { readStoreState } from '../deploy/readReleases.ts'
import { parseS3Location } from '../deploy/s3Location.ts'
import { s3Store, type S3Options } from '../deploy/s3Store.ts'

/** Options of `assetmap clean`. */
export interface CleanCommandOptions extends S3Options {
  /** Output dir to clean; ignored with `to`. */
  dir?: string
  /** Clean a bucket prefix instead: `s3://bucket/prefix`. */
  to?: string
  /** Releases to keep: the current one and the newest others. */
  keep: number
  /** Remove only files at least this old (`1h`, `7d`, or ms). Required with `orphans`, and then at least 10 minutes. @default 0 */
  age?: string | number
  /**
   * Also remove files that no manifest names (left by killed builds or publishes), when older
   * than `age` (at least {@link ORPHAN_AGE_FLOOR}): files younger than that may belong to a
   * build or publish still running.
   * @default false
   */
  orphans?: boolean
  /** Only work out the plan. @default false */
  dryRun?: boolean
  /** Folder `dir` is relative to. @default process.cwd() */
  cwd?: string
}

/**
 * The least `age` that `orphans` takes: a publish writes files long before the manifest that
 * names them, and a build on another machine may be writing into a shared folder.
 */
export const ORPHAN_AGE_FLOOR = '10m'

/** What `assetmap clean` removed (or, with `dryRun`, would remove). */
export interface CleanSummary extends CleanPlan {
  location: string
  dryRun: boolean
}

/**
 * Deletes the files of releases beyond the newest `keep`: only files that a dropped release's
 * manifest names, that no kept manifest names, and that are older than `age`; with `orphans`,
 * also files no manifest names. Builds never delete anything; this is the one place old hashed
 * files go. A manifest that cannot be read stops it before anything is removed.
 */
export async function cleanCommand(options: CleanCommandOptions): Promise<CleanSummary> {
  if (!Number.isInteger(options.keep) || options.keep < 1) {
    throw new AssetmapError('INVALID_OPTION', `--keep must be a whole number of releases, at least 1 (found ${JSON.stringify(options.keep)}).`, { value: options.keep })
  }
  const orphans = options.orphans === true
  if (orphans && options.age === undefined) {
    throw new AssetmapError('INVALID_OPTION', 'clean --orphans needs --age (such as --age 1h): younger files may belong to a build still running.', { value: options.age })
  }
  const maxAgeMs = parseDuration(options.age ?? 0)
  if (orphans && maxAgeMs < parseDuration(ORPHAN_AGE_FLOOR)) {
    throw new AssetmapError('INVALID_OPTION', `clean --orphans needs --age ${ORPHAN_AGE_FLOOR} or more (found ${options.age}): younger files may belong to a build or publish still running.`, { value: options.age })
  }
  let store: ObjectStore & { destroy?: () => void }
  if (options.to !== undefined) store = await s3Store(parseS3Location(options.to), options)
  else if (options.dir !== undefined) {
    const dir = resolve(options.cwd ?? process.cwd(), options.dir)
    refuseWhileBuilding(dir)
    store = localStore(dir, { withTempFiles: orphans })
  }
  else throw new AssetmapError('INVALID_OPTION', 'clean needs an output dir or --to s3://bucket/prefix.', { value: undefined })
  try {
    const state = await readStoreState(store)
    if (state.releases.length === 0) {
      throw new AssetmapError('MANIFEST_NOT_FOUND', `No release manifests under ${store.location}.assetmap/releases: nothing tells which files belong to which release.`, {
        value: store.location,
      })
    }
    const plan = planClean(state, { keep: options.keep, maxAgeMs, now: new Date(), orphans })
    if (!options.dryRun) await store.remove(plan.remove)
    return { ...plan, location: store.location, dryRun: options.dryRun === true }
  } finally {
    store.destroy?.()
  }
}

/** A build writing to `dir` has files on disk that no manifest names yet, and may reuse a dropped release's: leave it all alone. */
function refuseWhileBuilding(dir: string): void {
  const [build] = runningBuilds(dir, hostname())
  if (build === undefined) return
  const where = build.host === hostname() ? 'on this machine' : `on ${build.host}`
  throw new AssetmapError(
    'BUILD_IN_PROGRESS',
    `a build (process ${build.pid} ${where}, since ${build.started}) is writing to ${dir}: run clean once it has finished. If that build is gone, delete its marker ${build.marker}.`,
    { value: build.marker },
  )
}
