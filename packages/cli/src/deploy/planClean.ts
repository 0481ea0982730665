import { DEV_FILE, MANIFEST_FILE, RELEASES_DIR } from '@assetmap/runtime/internal'
import { TEMP_FILE } from './localStore.ts'
import { namedKeys } from './namedKeys.ts'
import type { StoreState } from './readReleases.ts'

/** What `clean` keeps and removes. */
export interface CleanPlan {
  /** Releases kept: the current one, then the newest. */
  kept: string[]
  /** Releases beyond `keep`. */
  dropped: string[]
  /** Keys to delete: named only by dropped releases, or (with `orphans`) by no manifest; and old enough. */
  remove: string[]
  /** The keys of `remove` that no manifest names (files of killed builds or publishes). */
  orphans: string[]
  /** Keys that would go but are younger than the age limit. */
  spared: string[]
}

/** How `clean` decides. */
export interface CleanRules {
  /** Releases to keep: the current one and the newest others. */
  keep: number
  /** Only keys at least this old go. */
  maxAgeMs: number
  now: Date
  /** Also remove keys that no manifest names. */
  orphans: boolean
}

/**
 * Whether a key no manifest names may go as an orphan: never a manifest or the dev server's note, nothing under
 * `.assetmap/`, no dot-file or dot-folder (`.htaccess`, `.well-known/`) except the temp file of
 * an interrupted atomic write.
 */
function collectable(key: string): boolean {
  if (key === MANIFEST_FILE || key === DEV_FILE || key.startsWith('.assetmap/')) return false
  const segments = key.split('/')
  const name = segments.pop()!
  return !segments.some((segment) => segment.startsWith('.')) && (!name.startsWith('.') || TEMP_FILE.test(name))
}

/**
 * Decides what `clean --keep N --age T [--orphans]` removes. The current release (`assetmap.json`)
 * and the newest others up to N are kept. A key is removed only if a dropped release's manifest
 * names it, no kept manifest does, and it is older than `maxAgeMs`. A dropped release's manifest
 * copy goes only once all its files are gone, so a later clean can still find files spared by
 * the age. With `orphans`, keys that no manifest at all names go too, when older than `maxAgeMs`:
 * the age is what protects the files of a build or publish still running (docs/design.md invariant 4).
 */
export function planClean(state: StoreState, { keep, maxAgeMs, now, orphans }: CleanRules): CleanPlan {
  const byTime = [...state.releases].sort((a, b) => b.time.getTime() - a.time.getTime() || (a.release < b.release ? 1 : -1))
  const current = state.current?.release
  const ordered = [...byTime.filter((entry) => entry.release === current), ...byTime.filter((entry) => entry.release !== current)]
  const kept = ordered.slice(0, keep)
  const dropped = ordered.slice(keep)
  const protectedKeys = new Set<string>()
  for (const { manifest } of kept) for (const key of namedKeys(manifest)) protectedKeys.add(key)
  if (state.current) for (const key of namedKeys(state.current)) protectedKeys.add(key)
  const remove = new Set<string>()
  const spared = new Set<string>()
  const old = (key: string): boolean => now.getTime() - state.objects.get(key)!.lastModified.getTime() >= maxAgeMs
  const named = new Set(protectedKeys)
  for (const { release, manifest } of dropped) {
    let complete = true
    for (const key of namedKeys(manifest)) {
      named.add(key)
      if (protectedKeys.has(key) || !state.objects.has(key)) continue
      if (old(key)) remove.add(key)
      else {
        spared.add(key)
        complete = false
      }
    }
    const copy = `${RELEASES_DIR}/${release}.json`
    if (complete && state.objects.has(copy)) remove.add(copy)
  }
  const orphaned: string[] = []
  if (orphans) {
    for (const key of state.objects.keys()) {
      if (named.has(key) || !collectable(key)) continue
      if (old(key)) orphaned.push(key)
      else spared.add(key)
    }
  }
  for (const key of orphaned) remove.add(key)
  return {
    kept: kept.map((entry) => entry.release),
    dropped: dropped.map((entry) => entry.release),
    remove: [...remove].sort(),
    orphans: orphaned.sort(),
    spared: [...spared].sort(),
  }
}
