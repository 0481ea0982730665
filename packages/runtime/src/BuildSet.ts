import { AssetmapError, isAssetmapError } from './AssetmapError.ts'
import { closestNames } from './closestNames.ts'
import { DEFAULT_BUILD, unknownBuild } from './notFound.ts'
import { PageView, type PageableAssets } from './PageView.ts'
import { EmittedUrls } from './renderEntryTags.ts'
import { OTHER_MAPS, type MergingOptions } from './renderImportMap.ts'
import { debugEnabled, SentLog } from './sentLog.ts'
import type { Assets, AssetsOptions, EntryTagsOptions, HintsOptions, ImportMapOptions, Manifest, ResolvedEntry } from './types.ts'

/** Makes one named build's resolver (`createAssets` without `builds`). */
export type BuildFactory = (options: AssetsOptions, name: string) => PageableAssets

const BUILD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

function isAssets(value: unknown): value is Assets {
  return typeof value === 'object' && value !== null && typeof (value as Assets).url === 'function' && typeof (value as Assets).entryTags === 'function'
}

function isPageable(assets: Assets): assets is PageableAssets {
  return typeof (assets as Partial<PageableAssets>).renderEntryTags === 'function'
}

/** One build of several, its errors prefixed with its name: a missing admin manifest must say it is the admin's. */
function makeBuild(make: BuildFactory, options: AssetsOptions, name: string): PageableAssets {
  if ('builds' in options) throw new AssetmapError('INVALID_OPTION', `builds.${name} has builds of its own: list every build in the one builds option of createAssets.`, { value: name })
  try {
    return make(options, name)
  } catch (error) {
    if (!isAssetmapError(error) || name === DEFAULT_BUILD) throw error
    throw new AssetmapError(error.code, `build ${JSON.stringify(name)}: ${error.message.replace(/^\[assetmap\] /, '')}`, { value: error.value, cause: error })
  }
}

/** The builds of `createAssets({ builds })`, the default one first, each checked and made. */
export function createBuildSet(options: AssetsOptions, make: BuildFactory): Assets {
  const { builds = {}, ...own } = options
  const members = new Map<string, Assets>([[DEFAULT_BUILD, makeBuild(make, own, DEFAULT_BUILD)]])
  for (const [name, given] of Object.entries(builds)) {
    if (name === DEFAULT_BUILD || !BUILD_NAME.test(name)) {
      throw new AssetmapError('INVALID_OPTION', `Build name ${JSON.stringify(name)}: ${name === DEFAULT_BUILD ? '"default" is the build createAssets loads itself' : 'use 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit'}.`, { value: name })
    }
    if (typeof given !== 'object' || given === null) throw new AssetmapError('INVALID_OPTION', `builds.${name} must be createAssets options ({ manifest, baseUrl, … }) or assets.`, { value: given })
    members.set(name, isAssets(given) ? given : makeBuild(make, given, name))
  }
  return new BuildSet(members, undefined)
}

/**
 * Several builds behind one `Assets`: its own methods are the default build's, `build(name)` gives
 * the others. A page of it (`page()`) is one scope for every build: an entry's file that another
 * build's tags already put on the page (same URL) is left out.
 */
class BuildSet implements PageableAssets {
  readonly #members: ReadonlyMap<string, Assets>
  /** The default build, held apart: `url()` on the set is a template's hottest call. */
  readonly #default: Assets
  /** Set on a page: what every build's tags on this page emitted. */
  readonly #emitted: EmittedUrls | undefined
  /** A page's views of its builds, made on first use. */
  readonly #pages = new Map<string, Assets>()
  readonly isPage: boolean

  constructor(members: ReadonlyMap<string, Assets>, emitted: EmittedUrls | undefined) {
    this.#members = members
    this.#default = members.get(DEFAULT_BUILD)!
    this.#emitted = emitted
    this.isPage = emitted !== undefined
  }

  get manifest(): Manifest {
    return this.#default.manifest
  }
  get manifestPath(): string | undefined {
    return this.#default.manifestPath
  }
  get outDir(): string | undefined {
    return this.#default.outDir
  }
  get baseUrl(): string {
    return this.#default.baseUrl
  }
  /** Whether any build resolves against a dev server (templates are then read again on each render). */
  get dev(): boolean {
    for (const member of this.#members.values()) if (member.dev) return true
    return false
  }

  url(name: string): string {
    return this.#default.url(name)
  }
  has(name: string): boolean {
    return this.#default.has(name)
  }
  integrity(name: string): string | undefined {
    return this.#default.integrity(name)
  }
  entry(name: string): ResolvedEntry {
    return this.#default.entry(name)
  }
  entryTags(name: string, options?: EntryTagsOptions): string {
    return this.build(DEFAULT_BUILD).entryTags(name, options)
  }
  /** The default build's hints; `build(name).hints(…)` gives another's. On a page, the dev report lists them. */
  hints(entries: string | readonly string[], options?: HintsOptions): string[] {
    return this.build(DEFAULT_BUILD).hints(entries, options)
  }
  /** @internal What this page sent so far, every build's (kept while `DEBUG=assetmap`, see `describeSent`). */
  get sentLog(): SentLog | undefined {
    return this.#emitted?.log
  }

  /**
   * The default build's import map, which also maps the modules of every other build in import-map
   * mode: a page has one map. A default build without a map renders the others' (`{% importmap %}`);
   * its entries must then name their build (`build('admin').importMap(…)`).
   */
  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string {
    const named = entries === undefined ? [] : typeof entries === 'string' ? [entries] : entries
    if (this.#default.manifest.importMap !== undefined) return this.#importMapFrom(DEFAULT_BUILD, entries, options)
    const mapped = [...this.#members].filter(([, member]) => member.manifest.importMap !== undefined)
    if (mapped.length === 0 || named.length === 0) return this.#importMapFrom(mapped[0]?.[0] ?? DEFAULT_BUILD, entries, options)
    const [owner] = mapped.find(([, member]) => Object.hasOwn(member.manifest.importMap!.modules, named[0]!)) ?? mapped[0]!
    throw new AssetmapError(
      'INVALID_OPTION',
      `importMap(): the default build has no import map; build ${JSON.stringify(owner)} has one. Name the build of ${JSON.stringify(named[0])}: ` +
        `{% importmap '${named[0]}' from '${owner}' %}, or assets.build('${owner}').importMap('${named[0]}').`,
      { value: named[0] },
    )
  }

  /** `host`'s map tags, its map also mapping the modules of the other import-map builds. */
  #importMapFrom(host: string, entries: string | readonly string[] | undefined, options: ImportMapOptions | undefined): string {
    const others = this.#otherMaps(host)
    const merging: MergingOptions = { ...options, [OTHER_MAPS]: others }
    return this.build(host).importMap(entries, others.length === 0 ? options : merging)
  }

  /** The views of the builds other than `host` that have an import map. */
  #otherMaps(host: string): Assets[] {
    const others: Assets[] = []
    for (const [name, member] of this.#members) if (name !== host && member.manifest.importMap !== undefined) others.push(this.build(name))
    return others
  }

  /** @internal */
  renderEntryTags(name: string, options: EntryTagsOptions | undefined, emitted: EmittedUrls | undefined): string {
    const member = this.#default
    return isPageable(member) ? member.renderEntryTags(name, options, emitted) : member.entryTags(name, options)
  }

  #member(name: string): Assets {
    const member = this.#members.get(name)
    if (member !== undefined) return member
    const known = [...this.#members.keys()]
    throw unknownBuild(name, known, closestNames(name, known))
  }

  build(name: string): Assets {
    const member = this.#member(name)
    if (this.#emitted === undefined) return member
    let page = this.#pages.get(name)
    // Assets made elsewhere without a page hook (createTestAssets) keep a scope of their own.
    // A build's map on a page (`{% importmap 'x' from 'admin' %}`) is the page's one map: it maps the other builds too.
    if (page === undefined) this.#pages.set(name, (page = isPageable(member) ? new PageView(member, this.#emitted, () => this.#otherMaps(name)) : member.page()))
    return page
  }

  withBase(baseUrl: string, build: string = DEFAULT_BUILD): Assets {
    const member = this.#member(build)
    const moved = member.withBase(baseUrl)
    if (moved === member) return this
    return new BuildSet(new Map(this.#members).set(build, moved), this.#emitted)
  }

  page(): Assets {
    return new BuildSet(this.#members, new EmittedUrls(debugEnabled() ? new SentLog() : undefined, this.#members.size > 1 ? () => this.#releaseKey() : undefined))
  }

  /** `default@r1 admin@r7`: read when the reload snippet goes out, so a reload() since page() counts. */
  #releaseKey(): string {
    return [...this.#members].map(([name, member]) => `${name}@${member.manifest.release}`).join(' ')
  }

  /** Reads every build's manifest again; returns the default build's. */
  reload(): Manifest {
    for (const [name, member] of this.#members) if (name !== DEFAULT_BUILD) member.reload()
    return this.#default.reload()
  }

  close(): void {
    for (const member of this.#members.values()) member.close()
  }
}
