import type { HintsOptions } from './types.ts'

/**
 * One view's Link values by entries and options, for the manifest they were made from: a route
 * hints the same entries on every request, so after the first they cost a lookup and a copy.
 * Bounded, as the entry lists come from the app's code, not from requests, but may be many.
 */
export class HintCache {
  static readonly MAX = 256
  readonly #values = new Map<string, readonly string[]>()
  #of: object | undefined

  get(manifest: object, entries: string | readonly string[], options: HintsOptions, make: () => string[]): string[] {
    if (this.#of !== manifest) {
      this.#values.clear()
      this.#of = manifest
    }
    const key = `${typeof entries === 'string' ? entries : entries.join('\0')}\0${options.crossorigin}|${options.preload}|${options.integrity}|${options.fonts}`
    let values = this.#values.get(key)
    if (values === undefined) {
      if (this.#values.size >= HintCache.MAX) this.#values.delete(this.#values.keys().next().value!)
      values = make()
      this.#values.set(key, values)
    }
    return [...values]
  }
}
