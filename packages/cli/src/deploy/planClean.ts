import { RELEASES_DIR } from '@assetmap/runtime'
import { namedKeys } from './namedKeys.ts'
import type { StoreState } from './readReleases.ts'

/** What `clean` keeps and removes. */
export interface CleanPlan {
  /** Releases kept: the current one, then the newest. */
  kept: string[]
  /** Releases beyond `keep`. */
  dropped: string[]
  /** Keys to delete: named only by dropped releases, and old enough. */
  remove: string[]
  /** Keys that would go but are younger than the age limit. */
  spared: string[]
}

/**
 * Decides what `clean --keep N --age T` removes. The current release (`assetmap.json`) and the
 * newest others up to N are kept. A key is removed only if a dropped release's manifest names it,
 * no kept manifest does, and it is older than `maxAgeMs`. A dropped release's manifest copy goes
 * only once all its files are gone, so a later clean can still find files spared by the age.
 */
export function planClean(state: StoreState, keep: number, maxAgeMs: number, now: Date): CleanPlan {
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
  for (const { release, manifest } of dropped) {
    let complete = true
    for (const key of namedKeys(manifest)) {
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
  return { kept: kept.map((entry) => entry.release), dropped: dropped.map((entry) => entry.release), remove: [...remove].sort(), spared: [...spared].sort() }
}
