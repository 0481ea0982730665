import { encodeUrlPath } from './encodeUrlPath.ts'
import { entryHints, type HintedEntry } from './linkHints.ts'
import type { EntryTargets, TagTarget } from './renderEntryTags.ts'
import type { AssetsOptions, EntryTagsOptions, HintsOptions, Manifest, ManifestEntry } from './types.ts'

/** A manifest entry's files as tag targets under `baseUrl`, with their integrity and size; fonts and lazy files only when the options ask for them. */
export function entryTargets(entry: ManifestEntry, files: Manifest['files'], baseUrl: string, options: EntryTagsOptions): EntryTargets {
  const target = (path: string): TagTarget => {
    const file = files[path]
    return { url: baseUrl + encodeUrlPath(path), integrity: file?.integrity, size: file?.size }
  }
  const fonts = options.fonts ? entry.fonts?.map(target) : undefined
  const lazy = options.prefetch ? entry.lazy?.map(target) : undefined
  return { type: entry.type, js: entry.js.map(target), css: entry.css.map(target), preload: entry.preload.map(target), fonts, lazy }
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
  // No copy unless a default applies: most apps set none, and this runs on every entry tag.
  let merged: T | undefined
  for (const key in defaults) if (options[key] === undefined && defaults[key] !== undefined) (merged ??= { ...options })[key] = defaults[key]
  return merged ?? options
}
