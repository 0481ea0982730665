import { AssetmapError } from './AssetmapError.ts'
import { closestNames } from './closestNames.ts'
import { encodeUrlPath } from './encodeUrlPath.ts'
import { escapeHtml } from './escapeHtml.ts'
import { nonceAttribute } from './nonceAttribute.ts'
import { reloadSnippet } from './reloadSnippet.ts'
import type { EmittedUrls } from './renderEntryTags.ts'
import type { SentKind } from './sentLog.ts'
import type { Assets, ImportMapOptions, Manifest, ManifestImportMap } from './types.ts'

/** What rendering an import map needs of a view. */
export type ImportMapView = Pick<Assets, 'manifest' | 'manifestPath' | 'baseUrl' | 'url' | 'integrity'>

/** One build's share of a map: logical URLs and bare specifiers → hashed URLs, and hashed URL → integrity. */
interface MapParts {
  urls: Record<string, string>
  specifiers: Record<string, string>
  integrity: Record<string, string>
}
/** A build's map parts, with its map's JSON alone (with and without `integrity`). */
interface MadeMap {
  parts: MapParts
  json: string
  withIntegrity: string
}

/** Made maps per manifest and base: made once, as a page renders its map on every response. */
const maps = new WeakMap<Manifest, Map<string, MadeMap>>()
/** How many bases' maps are kept per manifest (bases may come from requests). */
const MAX_BASES = 64
/** What marks a page's map as emitted in its `EmittedUrls` (no URL starts with a space). */
const MAP_EMITTED = ' importmap'
/** The manifests whose modules the map a page emitted maps. */
const mappedOnPage = new WeakMap<EmittedUrls, ReadonlySet<Manifest>>()

/**
 * @internal Key of `ImportMapOptions` under which a set of builds (`BuildSet.importMap`) passes
 * the views of its other import-map builds: their modules go into the one map of the page.
 */
export const OTHER_MAPS: unique symbol = Symbol('assetmap.otherImportMaps')

/** @internal `ImportMapOptions` as a set of builds passes them. */
export type MergingOptions = ImportMapOptions & { [OTHER_MAPS]?: readonly ImportMapView[] }

/** `<` written as `\u003c`: no `</script>` nor `<!--` can close or change the script element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c')
}

/** A record without a prototype: a specifier named `__proto__` is a key like any other. */
function dict<T = string>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function importMapOf(view: ImportMapView): ManifestImportMap {
  const record = view.manifest.importMap
  if (record !== undefined) return record
  throw new AssetmapError(
    'INVALID_OPTION',
    `importMap(): the manifest ${view.manifestPath ?? '(passed as an object)'} has no import map. Build the static folder in import-map mode (\`assetmap build static --importmap\`, or the plugin's \`staticImportMap: true\`).`,
    { value: view.manifestPath },
  )
}

/** Each module's logical URL and each bare specifier → its hashed URL, and the integrity of each hashed URL. */
function mapParts(view: ImportMapView, record: ManifestImportMap): MapParts {
  const parts: MapParts = { urls: dict(), specifiers: dict(), integrity: dict() }
  for (const name of Object.keys(record.modules).sort()) {
    const url = view.url(name)
    // The URL the browser resolves a relative specifier to: encoded as `url()` encodes, so the keys match.
    parts.urls[view.baseUrl + encodeUrlPath(name)] = url
    const hash = view.integrity(name)
    if (hash !== undefined) parts.integrity[url] = hash
  }
  for (const specifier of Object.keys(record.specifiers).sort()) parts.specifiers[specifier] = view.url(record.specifiers[specifier]!)
  return parts
}

/** A build's map for this view (cached per manifest and base). */
function madeMap(view: ImportMapView, record: ManifestImportMap): MadeMap {
  let byBase = maps.get(view.manifest)
  if (byBase === undefined) maps.set(view.manifest, (byBase = new Map()))
  let made = byBase.get(view.baseUrl)
  if (made === undefined) {
    if (byBase.size >= MAX_BASES) byBase.delete(byBase.keys().next().value!)
    const parts = mapParts(view, record)
    const imports = sortKeys(Object.assign(dict(), parts.urls, parts.specifiers))
    made = { parts, json: scriptSafeJson({ imports }), withIntegrity: scriptSafeJson({ imports, integrity: parts.integrity }) }
    byBase.set(view.baseUrl, made)
  }
  return made
}

/**
 * The page's one map: the view's own mappings, over those of the other builds (each one's bare
 * specifiers scoped to its base, so two builds may pin two versions), over `imports`.
 */
function mergedJson(own: MadeMap, others: readonly ImportMapView[], imports: Readonly<Record<string, string>>, integrity: boolean): string {
  const merged = Object.assign(dict(), imports)
  const scopes = dict<Record<string, string>>()
  const hashes = dict()
  for (const other of others) {
    const { parts } = madeMap(other, importMapOf(other))
    Object.assign(merged, parts.urls)
    Object.assign(hashes, parts.integrity)
    if (Object.keys(parts.specifiers).length > 0) scopes[other.baseUrl] = Object.assign(scopes[other.baseUrl] ?? dict(), parts.specifiers)
  }
  Object.assign(merged, own.parts.urls, own.parts.specifiers)
  Object.assign(hashes, own.parts.integrity)
  const scoped = Object.keys(scopes).length > 0 ? { scopes: Object.fromEntries(Object.keys(scopes).sort().map((base) => [base, sortKeys(scopes[base]!)])) } : {}
  return scriptSafeJson({ imports: sortKeys(merged), ...scoped, ...(integrity ? { integrity: hashes } : {}) })
}

/** The `<script type="importmap">` of the page, and the manifests it maps. */
function mapTag(view: ImportMapView, record: ManifestImportMap, options: MergingOptions, nonce: string): { tag: string; mapped: Set<Manifest> } {
  const integrity = options.integrity !== false
  const own = madeMap(view, record)
  const others = options[OTHER_MAPS] ?? []
  const imports = options.imports ?? {}
  const json = others.length === 0 && Object.keys(imports).length === 0 ? (integrity ? own.withIntegrity : own.json) : mergedJson(own, others, imports, integrity)
  return { tag: `<script type="importmap"${nonce}>${json}</script>`, mapped: new Set([view.manifest, ...others.map((other) => other.manifest)]) }
}

/** A page whose map is out already and does not map `view`'s modules cannot load them from their hashed URLs. */
function checkMapped(view: ImportMapView, emitted: EmittedUrls): void {
  if (mappedOnPage.get(emitted)?.has(view.manifest) !== false) return
  throw new AssetmapError(
    'INVALID_OPTION',
    `importMap(): this page already has an import map, which does not map the modules of ${view.manifestPath ?? '(manifest object)'}. ` +
      'A page has one import map, before any module: render it first, from the assets that list every build (createAssets({ builds }), {% importmap %}), which maps the modules of each build.',
    { value: view.manifestPath },
  )
}

function sizeOf(manifest: Manifest, name: string): number | undefined {
  const path = manifest.assets[name]
  return path === undefined ? undefined : manifest.files[path]?.size
}

/** The entries' static-import closure, each module once, the entries' own imports first. */
function closure(record: ManifestImportMap, entries: readonly string[]): string[] {
  const seen = new Set<string>(entries)
  const order: string[] = []
  const queue = [...entries]
  for (let at = 0; at < queue.length; at++) {
    for (const target of record.modules[queue[at]!] ?? []) {
      if (seen.has(target)) continue
      seen.add(target)
      order.push(target)
      queue.push(target)
    }
  }
  return order
}

function checkEntries(view: ImportMapView, record: ManifestImportMap, entries: readonly string[]): void {
  for (const entry of entries) {
    if (Object.hasOwn(record.modules, entry)) continue
    const close = closestNames(entry, Object.keys(record.modules))
    throw new AssetmapError(
      'ENTRY_NOT_FOUND',
      `importMap(): "${entry}" is no module of the import map in ${view.manifestPath ?? '(manifest object)'}.${close.length > 0 ? ` Did you mean ${close.map((name) => `"${name}"`).join(', ')}?` : ''}`,
      { value: entry },
    )
  }
}

/**
 * The tags `Assets.importMap` renders: the map (once per page with `emitted`), the modulepreloads
 * of the entries' static-import closure, and the entries' module scripts.
 */
export function renderImportMap(view: ImportMapView, given: string | readonly string[] | undefined, options: MergingOptions = {}, emitted?: EmittedUrls): string {
  const record = importMapOf(view)
  const entries = given === undefined ? [] : typeof given === 'string' ? [given] : [...given]
  checkEntries(view, record, entries)
  const integrity = options.integrity !== false
  const nonce = nonceAttribute(options.nonce, 'importMap()')
  const crossorigin = options.crossorigin ?? 'anonymous'
  const attributes = (name: string): string => {
    const hash = integrity ? view.integrity(name) : undefined
    return `${hash ? ` integrity="${escapeHtml(hash)}"` : ''}${crossorigin === false ? '' : ` crossorigin="${escapeHtml(crossorigin)}"`}${nonce}`
  }
  // The dev report lists the preloads and scripts with the manifest's sizes (the map is inline, no file).
  const fresh = (url: string, kind?: SentKind, name?: string): boolean => emitted === undefined || emitted.first(url, kind, name === undefined ? undefined : sizeOf(view.manifest, name))
  if (emitted?.log !== undefined) for (const name of entries) emitted.log.entry(name)
  const tags: string[] = []
  // A classic inline script: it must run before the module scripts, and may come before the map.
  const snippet = options.reloadOnChunkError ? reloadSnippet(view.manifest.release, options.nonce, emitted, 'importMap()') : ''
  if (snippet !== '') tags.push(snippet.trimEnd())
  if (fresh(MAP_EMITTED)) {
    const { tag, mapped } = mapTag(view, record, options, nonce)
    tags.push(tag)
    if (emitted !== undefined) mappedOnPage.set(emitted, mapped)
  } else if (emitted !== undefined) checkMapped(view, emitted)
  const scripts = options.scripts !== false
  if (options.preload !== false) {
    for (const name of scripts ? closure(record, entries) : [...entries, ...closure(record, entries)]) {
      const url = view.url(name)
      if (fresh(url, 'modulepreload', name)) tags.push(`<link rel="modulepreload" href="${escapeHtml(url)}"${attributes(name)}>`)
    }
  }
  if (scripts) {
    for (const name of entries) {
      const url = view.url(name)
      if (fresh(url, 'script', name)) tags.push(`<script type="module" src="${escapeHtml(url)}"${attributes(name)}></script>`)
    }
  }
  return tags.join('\n')
}
