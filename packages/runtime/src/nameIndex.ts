import { closestNames } from './closestNames.ts'

/** Manifests up to this many names are searched whole for close names. */
const SEARCH_ALL_UP_TO = 500
/** At most this many candidates are scored for one miss, so a miss costs the same on any manifest. */
const MAX_CANDIDATES = 500
/** A longer name is no typo of a real one (and may come from request data): no suggestions. */
const MAX_WANTED_LENGTH = 512

function splitName(name: string): { dir: string; base: string } {
  const slash = name.lastIndexOf('/')
  return { dir: name.slice(0, slash + 1).toLowerCase(), base: name.slice(slash + 1).toLowerCase() }
}

/** Most keys have one name: it is stored as it is, and becomes a list at the second. */
function push(map: Map<string, string | string[]>, key: string, name: string): void {
  const found = map.get(key)
  if (found === undefined) map.set(key, name)
  else if (typeof found === 'string') map.set(key, [found, name])
  else found.push(name)
}

function list(found: string | string[] | undefined): readonly string[] {
  return found === undefined ? [] : typeof found === 'string' ? [found] : found
}

/**
 * Close names for an unknown name, at a bounded cost. On a large manifest only the names that
 * share the file name (a wrong folder) or the folder (a typo in the file name) are scored.
 */
export class NameIndex {
  readonly #all: string[]
  readonly #byBase = new Map<string, string | string[]>()
  readonly #byDir = new Map<string, string | string[]>()

  constructor(names: Iterable<string>) {
    this.#all = [...names]
    if (this.#all.length <= SEARCH_ALL_UP_TO) return
    for (const name of this.#all) {
      const { dir, base } = splitName(name)
      push(this.#byBase, base, name)
      push(this.#byDir, dir, name)
    }
  }

  /** Up to `count` known names closest to `wanted` (see `closestNames`). */
  closest(wanted: string, count = 3): string[] {
    if (wanted.length > MAX_WANTED_LENGTH) return []
    if (this.#all.length <= SEARCH_ALL_UP_TO) return closestNames(wanted, this.#all, count)
    const { dir, base } = splitName(wanted)
    const candidates = new Set(list(this.#byBase.get(base)).slice(0, MAX_CANDIDATES))
    for (const name of list(this.#byDir.get(dir))) {
      if (candidates.size >= MAX_CANDIDATES) break
      candidates.add(name)
    }
    return closestNames(wanted, candidates, count)
  }
}
