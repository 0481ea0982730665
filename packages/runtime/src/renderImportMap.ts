import { AssetmapError } from './AssetmapError.ts'
import { closestNames } from './closestNames.ts'
import { encodeUrlPath } from './encodeUrlPath.ts'
import { escapeHtml } from './escapeHtml.ts'
import type { EmittedUrls } from './renderEntryTags.ts'
import type { Assets, ImportMapOptions, Manifest, ManifestImportMap } from './types.ts'

/** What rendering an import map needs of a view. */
export type ImportMapView = Pick<Assets, 'manifest' | 'manifestPath' | 'baseUrl' | 'url' | 'integrity'>

/** The map's JSON per manifest and base: made once, as a page renders it on every response. */
const maps = new WeakMap<Manifest, Map<string, { json: string; withIntegrity: string }>>()
/** How many bases' maps are kept per manifest (bases may come from requests). */
const MAX_BASES = 64
/** What marks a page's map as emitted in its `EmittedUrls` (no URL starts with a space). */
const MAP_EMITTED = ' importmap'

/** `<` written as `\u003c`: no `</script>` nor `<!--` can close or change the script element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c')
}

function importMapOf(view: ImportMapView): ManifestImportMap {
  const record = view.manifest.importMap
  if (record !== undefined) return record
  throw new AssetmapError(
    'INVALID_OPTION',
    `importMap(): the manifest ${view.manifestPath ?? '(passed as an object)'} has no import map. Build the static folder in import-map mode (\`assetmap build static --importmap\`, or the plugin's \`importMap\` option).`,
    { value: view.manifestPath },
  )
}

/** `imports` and `integrity` of the map, keys sorted: each module's logical URL and each bare specifier → its hashed URL. */
function mapObject(view: ImportMapView, record: ManifestImportMap, integrity: boolean): { imports: Record<string, string>; integrity?: Record<string, string> } {
  const imports: Record<string, string> = {}
  const hashes: Record<string, string> = {}
  // The URL the browser resolves a relative specifier to: encoded as `url()` encodes, so the keys match.
  const logicalUrl = (name: string): string => view.baseUrl + encodeUrlPath(name)
  for (const name of Object.keys(record.modules).sort()) {
    const url = view.url(name)
    imports[logicalUrl(name)] = url
    const hash = integrity ? view.integrity(name) : undefined
    if (hash !== undefined) hashes[url] = hash
  }
  for (const specifier of Object.keys(record.specifiers).sort()) imports[specifier] = view.url(record.specifiers[specifier]!)
  const sorted = Object.fromEntries(Object.entries(imports).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return integrity ? { imports: sorted, integrity: hashes } : { imports: sorted }
}

/** The map's JSON for this view (cached per manifest and base). */
function mapJson(view: ImportMapView, record: ManifestImportMap, integrity: boolean): string {
  let byBase = maps.get(view.manifest)
  if (byBase === undefined) maps.set(view.manifest, (byBase = new Map()))
  let made = byBase.get(view.baseUrl)
  if (made === undefined) {
    if (byBase.size >= MAX_BASES) byBase.delete(byBase.keys().next().value!)
    made = { json: scriptSafeJson(mapObject(view, record, false)), withIntegrity: scriptSafeJson(mapObject(view, record, true)) }
    byBase.set(view.baseUrl, made)
  }
  return integrity ? made.withIntegrity : made.json
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
export function renderImportMap(view: ImportMapView, given: string | readonly string[] | undefined, options: ImportMapOptions = {}, emitted?: EmittedUrls): string {
  const record = importMapOf(view)
  const entries = given === undefined ? [] : typeof given === 'string' ? [given] : [...given]
  checkEntries(view, record, entries)
  const integrity = options.integrity !== false
  const nonce = options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : ''
  const crossorigin = options.crossorigin ?? 'anonymous'
  const attributes = (name: string): string => {
    const hash = integrity ? view.integrity(name) : undefined
    return `${hash ? ` integrity="${escapeHtml(hash)}"` : ''}${crossorigin === false ? '' : ` crossorigin="${escapeHtml(crossorigin)}"`}${nonce}`
  }
  const fresh = (url: string): boolean => emitted === undefined || emitted.first(url)
  const tags: string[] = []
  if (fresh(MAP_EMITTED)) {
    let json = mapJson(view, record, integrity)
    if (options.imports !== undefined && Object.keys(options.imports).length > 0) {
      const map = JSON.parse(json) as { imports: Record<string, string> }
      map.imports = { ...options.imports, ...map.imports }
      json = scriptSafeJson(map)
    }
    tags.push(`<script type="importmap"${nonce}>${json}</script>`)
  }
  const scripts = options.scripts !== false
  if (options.preload !== false) {
    for (const name of scripts ? closure(record, entries) : [...entries, ...closure(record, entries)]) {
      const url = view.url(name)
      if (fresh(url)) tags.push(`<link rel="modulepreload" href="${escapeHtml(url)}"${attributes(name)}>`)
    }
  }
  if (scripts) {
    for (const name of entries) {
      const url = view.url(name)
      if (fresh(url)) tags.push(`<script type="module" src="${escapeHtml(url)}"${attributes(name)}></script>`)
    }
  }
  return tags.join('\n')
}
