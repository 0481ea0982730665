import { AssetmapError } from './AssetmapError.ts'
import { encodeUrlPath } from './encodeUrlPath.ts'
import { escapeHtml } from './escapeHtml.ts'
import { normalizeBaseUrl } from './normalizeBaseUrl.ts'
import { DEFAULT_BUILD } from './notFound.ts'
import type { Assets, EntryTagsOptions, ImportMapOptions, Manifest, ResolvedEntry } from './types.ts'

/** Options of `createTestAssets`. */
export interface TestAssetsOptions {
  /**
   * Base URL of every URL the assets give (`url('css/site.css')` → `/static/css/site.css`).
   * @default '/static/'
   */
  baseUrl?: string
}

/** Assets that know every name and need no manifest: each name is its own output path. */
class TestAssets implements Assets {
  readonly manifest: Manifest
  readonly manifestPath = undefined
  readonly outDir = undefined
  readonly dev = false
  readonly isPage = false

  constructor(readonly baseUrl: string) {
    this.manifest = { version: 1, release: 'test', base: baseUrl, assets: {}, entries: {}, files: {} }
  }

  url(name: string): string {
    if (typeof name !== 'string' || name === '') throw new AssetmapError('ASSET_NOT_FOUND', `Asset names are non-empty strings (found ${JSON.stringify(name)}).`, { value: name })
    return this.baseUrl + encodeUrlPath(name)
  }

  has(): boolean {
    return true
  }

  integrity(): string | undefined {
    return undefined
  }

  entry(name: string): ResolvedEntry {
    return { type: 'module', js: [this.url(name)], css: [], preload: [] }
  }

  // A comment loads nothing, and a test can still see which entries a page asked for.
  entryTags(name: string, _options?: EntryTagsOptions): string {
    return `<!-- assetmap entry ${escapeHtml(this.url(name)).replaceAll('--', '&#45;&#45;')} -->`
  }

  // A test render sends no files, so it hints none.
  hints(): string[] {
    return []
  }

  // As `entryTags`: a comment that names the entries, and loads nothing.
  importMap(entries?: string | readonly string[], _options?: ImportMapOptions): string {
    const names = entries === undefined ? [] : typeof entries === 'string' ? [entries] : entries
    return `<!-- assetmap importmap ${names.map((name) => escapeHtml(this.url(name)).replaceAll('--', '&#45;&#45;')).join(' ')} -->`
  }

  withBase(baseUrl: string): Assets {
    return new TestAssets(normalizeBaseUrl(baseUrl))
  }

  /** Every build name is known too: the default build is this one, any other a view under `<base><name>/`. */
  build(name: string): Assets {
    return name === DEFAULT_BUILD ? this : new TestAssets(`${this.baseUrl}${encodeUrlPath(name)}/`)
  }

  page(): Assets {
    return this
  }

  reload(): Manifest {
    return this.manifest
  }

  close(): void {}
}

/**
 * Assets for rendering templates in unit tests without a build, as Laravel's `withoutVite()`
 * does: no manifest is read, every name resolves to a predictable URL (the base, then the name:
 * `url('css/site.css')` → `/static/css/site.css`), `integrity()` gives nothing, and entry tags
 * render an HTML comment that names the entry (`<!-- assetmap entry /static/src/main.ts -->`)
 * instead of tags that would load files. Use it where `createAssets()` goes: `addAssetmap(env,
 * createTestAssets())`, `assetLocals(createTestAssets())`.
 */
export function createTestAssets(options: TestAssetsOptions = {}): Assets {
  return new TestAssets(normalizeBaseUrl(options.baseUrl ?? '/static/'))
}
