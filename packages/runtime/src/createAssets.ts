import { existsSync, type FSWatcher } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AssetmapError } from './AssetmapError.ts'
import { encodeUrlPath } from './encodeUrlPath.ts'
import { NameIndex } from './nameIndex.ts'
import { DEFAULT_BUILD, onlyBuild, unknownAsset, unknownEntry } from './notFound.ts'
import { PageView, type PageableAssets } from './PageView.ts'
import { assertManifest, loadManifest, manifestFilePath } from './loadManifest.ts'
import { normalizeBaseUrl } from './normalizeBaseUrl.ts'
import { pinnedManifestPath } from './pinnedRelease.ts'
import { watchManifest } from './watchManifest.ts'
import { DevAssets } from './DevAssets.ts'
import { findDevServer, type DevServer } from './devServer.ts'
import { FollowDevServer } from './FollowDevServer.ts'
import { renderEntryTags, type EmittedUrls } from './renderEntryTags.ts'
import { entryDefaults, entryHintsOf, entryTargets, withDefaults } from './entryTargets.ts'
import { HintCache } from './hintCache.ts'
import { createBuildSet } from './BuildSet.ts'
import { reloadSnippet } from './reloadSnippet.ts'
import type { Assets, AssetsOptions, EntryTagsOptions, HintsOptions, ImportMapOptions, Manifest, ResolvedEntry } from './types.ts'
import { renderImportMap } from './renderImportMap.ts'

const DEFAULT_MANIFEST = 'dist/static/assetmap.json'
const MAX_VIEWS = 64

/** One loaded manifest with its lookups. `reload()` swaps in a new one; views notice by identity. */
interface ManifestState {
  manifest: Manifest
  paths: Map<string, string>
  /** Built on the first miss: close names for error messages. */
  assetNames: NameIndex | undefined
  entryNames: NameIndex | undefined
}

/** What every view of one manifest shares, evicted views included. */
interface Shared {
  state: ManifestState
  manifestPath: string | undefined
  outDir: string | undefined
  /** `build "admin"`, for errors, when the app has several builds. */
  label: string | undefined
  /** The `withBase` views, kept for reuse; a view dropped from here still reads `state`. */
  views: Map<string, AssetsView>
  watcher: FSWatcher | undefined
  /** The `fonts` and `prefetch` options: what entry tags and hints do unless a call says otherwise. */
  defaults: EntryTagsOptions
}

function manifestState(manifest: Manifest): ManifestState {
  return { manifest, paths: new Map(Object.entries(manifest.assets)), assetNames: undefined, entryNames: undefined }
}

function describeSource(shared: Shared): string {
  const source = shared.manifestPath ?? '(manifest object passed to createAssets)'
  return shared.label === undefined ? source : `${shared.label} (${source})`
}

class AssetsView implements PageableAssets {
  readonly #shared: Shared
  readonly #urls = new Map<string, string>()
  readonly #hints = new HintCache()
  /** The manifest `#urls` were resolved against; another one means a reload happened. */
  #urlsOf: ManifestState
  readonly baseUrl: string
  readonly dev = false
  readonly isPage = false

  constructor(shared: Shared, baseUrl: string) {
    this.#shared = shared
    this.#urlsOf = shared.state
    this.baseUrl = baseUrl
  }

  get manifest(): Manifest {
    return this.#shared.state.manifest
  }

  get manifestPath(): string | undefined {
    return this.#shared.manifestPath
  }

  get outDir(): string | undefined {
    return this.#shared.outDir
  }

  url(name: string): string {
    const state = this.#shared.state
    if (this.#urlsOf !== state) {
      this.#urls.clear()
      this.#urlsOf = state
    }
    const cached = this.#urls.get(name)
    if (cached !== undefined) return cached
    const url = this.baseUrl + encodeUrlPath(this.#pathOf(name))
    this.#urls.set(name, url)
    return url
  }

  has(name: string): boolean {
    return this.#shared.state.paths.has(name)
  }

  integrity(name: string): string | undefined {
    return this.#shared.state.manifest.files[this.#pathOf(name)]?.integrity
  }

  entry(name: string): ResolvedEntry {
    const entry = this.#entryOf(name)
    const toUrl = (path: string): string => this.baseUrl + encodeUrlPath(path)
    return { type: entry.type, js: entry.js.map(toUrl), css: entry.css.map(toUrl), preload: entry.preload.map(toUrl) }
  }

  entryTags(name: string, options?: EntryTagsOptions): string {
    return this.renderEntryTags(name, options, undefined)
  }

  /** @internal The tags of an entry, leaving out what `emitted` says the page has. */
  renderEntryTags(name: string, options: EntryTagsOptions | undefined, emitted: EmittedUrls | undefined): string {
    const resolved = withDefaults(this.#shared.defaults, options)
    const { manifest } = this.#shared.state
    const snippet = resolved.reloadOnChunkError ? reloadSnippet(manifest.release, resolved.nonce, emitted) : ''
    return snippet + renderEntryTags(entryTargets(this.#entryOf(name), manifest.files, this.baseUrl, resolved), resolved, emitted)
  }

  hints(entries: string | readonly string[], options?: HintsOptions): string[] {
    const { manifest } = this.#shared.state
    const resolved = withDefaults<HintsOptions>({ fonts: this.#shared.defaults.fonts }, options)
    return this.#hints.get(manifest, entries, resolved, () => entryHintsOf((typeof entries === 'string' ? [entries] : entries).map((name) => this.#entryOf(name)), manifest.files, this.baseUrl, resolved))
  }

  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string {
    return renderImportMap(this, entries, options)
  }

  reload(): Manifest {
    const shared = this.#shared
    if (shared.manifestPath === undefined) {
      throw new AssetmapError('INVALID_OPTION', 'reload() needs a manifest read from a file; this one was passed to createAssets as an object.', { value: undefined })
    }
    // Load fully before swapping, so an invalid file throws and the current manifest stays in use.
    const manifest = loadManifest(shared.manifestPath)
    // Every view, evicted from `views` or not, reads `state`: none keeps the old URLs.
    shared.state = manifestState(manifest)
    return manifest
  }

  close(): void {
    this.#shared.watcher?.close()
    this.#shared.watcher = undefined
  }

  build(name: string): Assets {
    return onlyBuild(this, name)
  }

  withBase(baseUrl: string, build?: string): Assets {
    if (build !== undefined) onlyBuild(this, build)
    const base = normalizeBaseUrl(baseUrl)
    if (base === this.baseUrl) return this
    const views = this.#shared.views
    let view = views.get(base)
    if (view === undefined) {
      // Bounded: per-tenant bases come from requests, so an unbounded cache would be a leak.
      if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!)
      view = new AssetsView(this.#shared, base)
      views.set(base, view)
    }
    return view
  }

  page(): Assets {
    return new PageView(this)
  }

  #pathOf(name: string): string {
    const state = this.#shared.state
    const path = state.paths.get(name)
    if (path !== undefined) return path
    state.assetNames ??= new NameIndex(state.paths.keys())
    throw unknownAsset(name, describeSource(this.#shared), state.assetNames.closest(name))
  }

  #entryOf(name: string): Manifest['entries'][string] {
    const state = this.#shared.state
    const entry = Object.hasOwn(state.manifest.entries, name) ? state.manifest.entries[name] : undefined
    if (entry !== undefined) return entry
    state.entryNames ??= new NameIndex(Object.keys(state.manifest.entries))
    throw unknownEntry(name, describeSource(this.#shared), state.entryNames.closest(name))
  }
}

/** The dev-server resolver, with the last build's manifest when there is one (dev mode does not need it). */
function devAssets(server: DevServer, source: string | Manifest, label: string | undefined): DevAssets {
  if (typeof source !== 'string') return new DevAssets(server, { manifest: source, manifestPath: undefined, outDir: undefined, label })
  const manifestPath = resolve(source)
  const manifest = existsSync(manifestPath) ? loadManifest(manifestPath) : undefined
  return new DevAssets(server, { manifest, manifestPath, outDir: dirname(manifestPath), label })
}

/**
 * Loads a manifest and returns the resolver templates use. The base URL comes from
 * `options.baseUrl`, else `ASSETMAP_BASE_URL`, else the manifest's `base`.
 */
export function createAssets(options: AssetsOptions = {}): Assets {
  return options.builds === undefined ? createBuild(options, undefined) : createBuildSet(options, createBuild)
}

/**
 * One build's resolver. `name` is set when the app has several (see `AssetsOptions.builds`): errors
 * then name the build, and only the default one reads `ASSETMAP_*` from the environment.
 */
function createBuild(options: AssetsOptions, name: string | undefined): PageableAssets {
  const fromEnv = name === undefined || name === DEFAULT_BUILD
  const label = name === undefined ? undefined : `build ${JSON.stringify(name)}`
  const given = options.manifest ?? DEFAULT_MANIFEST
  // An output folder names its assetmap.json, as it does for the CLI: outDir, releases and the dev file are found beside it.
  const source = typeof given === 'string' ? manifestFilePath(given) : given
  const mode = options.dev ?? 'auto'
  // Outside production, a dev server may start or stop while this server runs: follow it.
  if (mode === 'auto' && typeof source === 'string' && !(fromEnv && process.env.ASSETMAP_DEV_SERVER) && process.env.NODE_ENV !== 'production') {
    return new FollowDevServer(dirname(resolve(source)), (server) => (server ? devAssets(server, source, label) : builtAssets(options, source, fromEnv, label)), fromEnv)
  }
  const dev = findDevServer(typeof source === 'string' ? dirname(resolve(source)) : undefined, mode, fromEnv)
  if (dev) return devAssets(dev, source, label)
  return builtAssets(options, source, fromEnv, label)
}

/** The resolver of a built manifest (a release's copy when one is pinned). */
function builtAssets(options: AssetsOptions, source: string | Manifest, fromEnv: boolean, label: string | undefined): AssetsView {
  let manifest: Manifest
  let manifestPath: string | undefined
  let outDir: string | undefined
  const envRelease = fromEnv ? process.env.ASSETMAP_RELEASE : undefined
  const release = options.release ?? (envRelease ? envRelease : undefined)
  if (typeof source === 'string') {
    outDir = dirname(resolve(source))
    manifestPath = release === undefined ? resolve(source) : pinnedManifestPath(outDir, release)
    manifest = loadManifest(manifestPath)
  } else {
    assertManifest(source, '(manifest object passed to createAssets)')
    manifest = source
  }
  const envBase = fromEnv ? process.env.ASSETMAP_BASE_URL : undefined
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? (envBase ? envBase : manifest.base))
  const shared: Shared = { state: manifestState(manifest), manifestPath, outDir, label, views: new Map(), watcher: undefined, defaults: entryDefaults(options) }
  const root = new AssetsView(shared, baseUrl)
  if (options.watch && manifestPath !== undefined) shared.watcher = watchManifest(manifestPath, root, options.onWarning ?? ((message) => console.warn(`[assetmap] ${message}`)))
  return root
}
