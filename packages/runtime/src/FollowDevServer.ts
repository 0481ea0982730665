import { watch, type FSWatcher } from 'node:fs'
import { PageView, type PageableAssets } from './PageView.ts'
import { DEV_FILE, findDevServer, type DevServer } from './devServer.ts'
import { onlyBuild } from './notFound.ts'
import type { EmittedUrls } from './renderEntryTags.ts'
import type { Assets, EntryTagsOptions, HintsOptions, ImportMapOptions, Manifest, ResolvedEntry } from './types.ts'

/** How often the dev file is read again without a change event (a `vite` killed with SIGKILL leaves it behind). */
const RECHECK_MS = 1000

/** Makes the resolver for a dev server, or for the built manifest when there is none. */
export type ResolverFactory = (server: DevServer | undefined) => PageableAssets

/**
 * `dev: 'auto'` outside production: the resolver follows the Vite dev server's life. While
 * `assetmap.dev.json` names a live process, names resolve against that dev server; once it
 * stops, against the built manifest; when it starts again, against it again; no restart. The
 * output dir is watched for the dev file, and the file is read again at most every second besides.
 */
export class FollowDevServer implements PageableAssets {
  readonly #outDir: string
  readonly #make: ResolverFactory
  #current: PageableAssets
  #key: string
  /** Set by the watcher and by a timer; a lookup reads a flag, not the clock: `url()` is a hot path. */
  #stale = false
  readonly #timer: NodeJS.Timeout
  #watcher: FSWatcher | undefined
  readonly isPage = false

  /** Whether `ASSETMAP_DEV_SERVER` counts: only for the default build of several (see `AssetsOptions.builds`). */
  readonly #fromEnv: boolean

  constructor(outDir: string, make: ResolverFactory, fromEnv = true) {
    this.#outDir = outDir
    this.#make = make
    this.#fromEnv = fromEnv
    const server = findDevServer(outDir, 'auto', fromEnv)
    this.#current = make(server)
    this.#key = keyOf(server)
    this.#timer = setInterval(() => (this.#stale = true), RECHECK_MS)
    this.#timer.unref()
    try {
      this.#watcher = watch(outDir, (_event, file) => {
        if (file === DEV_FILE) this.#stale = true
      })
      this.#watcher.unref()
    } catch {
      // No output dir to watch yet: the periodic read still notices a dev server.
    }
  }

  /** The resolver for now: the dev server's while one runs, else the build's. */
  #resolver(): PageableAssets {
    if (!this.#stale) return this.#current
    const server = findDevServer(this.#outDir, 'auto', this.#fromEnv)
    const key = keyOf(server)
    if (key !== this.#key) {
      // Made before it is kept: a build that cannot be loaded throws, and the next call tries again.
      const next = this.#make(server)
      this.#current.close()
      this.#current = next
      this.#key = key
    }
    this.#stale = false
    return this.#current
  }

  get manifest(): Manifest {
    return this.#resolver().manifest
  }
  get manifestPath(): string | undefined {
    return this.#resolver().manifestPath
  }
  get outDir(): string | undefined {
    return this.#resolver().outDir
  }
  get baseUrl(): string {
    return this.#resolver().baseUrl
  }
  get dev(): boolean {
    return this.#resolver().dev
  }
  url(name: string): string {
    return this.#resolver().url(name)
  }
  has(name: string): boolean {
    return this.#resolver().has(name)
  }
  integrity(name: string): string | undefined {
    return this.#resolver().integrity(name)
  }
  entry(name: string): ResolvedEntry {
    return this.#resolver().entry(name)
  }
  entryTags(name: string, options?: EntryTagsOptions): string {
    return this.#resolver().entryTags(name, options)
  }

  hints(entries: string | readonly string[], options?: HintsOptions): string[] {
    return this.#resolver().hints(entries, options)
  }
  /** @internal */
  renderEntryTags(name: string, options: EntryTagsOptions | undefined, emitted: EmittedUrls | undefined): string {
    return this.#resolver().renderEntryTags(name, options, emitted)
  }
  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string {
    return this.#resolver().importMap(entries, options)
  }
  withBase(baseUrl: string, build?: string): Assets {
    if (build !== undefined) onlyBuild(this, build)
    return this.#resolver().withBase(baseUrl)
  }
  build(name: string): Assets {
    return onlyBuild(this, name)
  }
  page(): Assets {
    return new PageView(this)
  }
  reload(): Manifest {
    return this.#resolver().reload()
  }
  close(): void {
    clearInterval(this.#timer)
    this.#watcher?.close()
    this.#watcher = undefined
    this.#current.close()
  }
}

/** What tells one dev file's resolver from another's (stylesheets change with edits). */
function keyOf(server: DevServer | undefined): string {
  return server === undefined ? '' : `${server.url}\0${server.file ?? ''}`
}
