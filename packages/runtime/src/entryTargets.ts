import { encodeUrlPath } from './encodeUrlPath.ts'
import { entryHints, type HintedEntry } from './linkHints.ts'
import type { EntryTargets, TagTarget } from './renderEntryTags.ts'
import type { AssetsOptions, EntryTagsOptions, HintsOptions, Manifest, ManifestEntry } from './types.ts'

/** A manifest entry's files as tag targets under `baseUrl`, with their integrity and size. */
export function entryTargets(entry: ManifestEntry, files: Manifest['files'], baseUrl: string): EntryTargets {
  const target = (path: string): TagTarget => ({ url: baseUrl + encodeUrlPath(path), integrity: files[path]?.integrity, size: files[path]?.size })
  return { type: entry.type, js: entry.js.map(target), css: entry.css.map(target), preload: entry.preload.map(target), fonts: entry.fonts?.map(target), lazy: entry.lazy?.map(target) }
}

/** A manifest entry's files as the URLs hints name, with their integrity. */
function hintedEntry(entry: ManifestEntry, files: Manifest['files'], baseUrl: string): HintedEntry {
  const integrity = new Map<string, string>()
  const toUrl = (path: string): string => {
    const url = baseUrl + encodeUrlPath(path)
    const sri = files[path]?.integrity
    if (sri !== undefined) integrity.set(url, sri)
    return url
  }
  return { type: entry.type, js: entry.js.map(toUrl), css: entry.css.map(toUrl), preload: entry.preload.map(toUrl), fonts: (entry.fonts ?? []).map(toUrl), integrity }
}

/** The Link values of manifest entries under `baseUrl` (see `Assets.hints`). */
export function entryHintsOf(entries: readonly ManifestEntry[], files: Manifest['files'], baseUrl: string, options: HintsOptions): string[] {
  return entryHints(entries.map((entry) => hintedEntry(entry, files, baseUrl)), options)
}

/** What `createAssets`' `fonts` and `prefetch` options make every entry-tags call do unless it says otherwise. */
export function entryDefaults(options: AssetsOptions): EntryTagsOptions {
  const defaults: EntryTagsOptions = {}
  if (options.fonts !== undefined) defaults.fonts = options.fonts
  if (options.prefetch !== undefined) defaults.prefetch = options.prefetch
  return defaults
}

/** A call's options over the defaults; an option the call leaves `undefined` (`fonts=fonts` of an unset variable) keeps the default. */
export function withDefaults<T extends object>(defaults: T, options: T | undefined): T {
  if (options === undefined) return defaults
  const merged = { ...defaults }
  for (const key of Object.keys(options) as Array<keyof T>) if (options[key] !== undefined) merged[key] = options[key]
  return merged
}
