import { AssetmapError } from './AssetmapError.ts'
import { assertManifest } from './loadManifest.ts'
import { createAssets } from './createAssets.ts'
import type { Assets, AssetsOptions, Manifest } from './types.ts'

/** What `followManifest` reads: the manifest's bytes or text, or the parsed object. */
export type ManifestSource = string | Uint8Array | Manifest

/** Options of `followManifest`: those of `createAssets` that apply to a manifest held in memory. */
export type FollowManifestOptions = Pick<AssetsOptions, 'baseUrl'>

const SOURCE = '(manifest returned by the followManifest reader)'

function sameSource(a: ManifestSource, b: ManifestSource): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)
  return a === b
}

function parse(source: ManifestSource): Manifest {
  let data: unknown = source
  if (typeof source === 'string' || source instanceof Uint8Array) {
    try {
      data = JSON.parse(typeof source === 'string' ? source : Buffer.from(source).toString('utf8'))
    } catch (error) {
      throw new AssetmapError('MANIFEST_INVALID', `The manifest ${SOURCE} is not valid JSON (${(error as Error).message}). Is the build still writing it?`, { value: SOURCE, cause: error })
    }
  }
  assertManifest(data, SOURCE)
  return data
}

/**
 * Assets that follow a manifest held in memory, such as the one a webpack build writes into
 * webpack-dev-middleware's file system: `read` is called on every use, and names resolve with
 * the manifest it returns (parsed again only when its content changed).
 * @example followManifest(() => devMiddleware.context.outputFileSystem.readFileSync('/app/dist/static/assetmap.json'))
 */
export function followManifest(read: () => ManifestSource, options: FollowManifestOptions = {}): Assets {
  let last: ManifestSource | undefined
  let current: Assets | undefined
  const now = (): Assets => {
    const source = read()
    if (current === undefined || last === undefined || !sameSource(source, last)) {
      current = createAssets({ ...options, manifest: parse(source), dev: false })
      // A copy: the reader may hand back a buffer it reuses.
      last = source instanceof Uint8Array ? Uint8Array.from(source) : source
    }
    return current
  }
  // Every property and method is looked up on the assets of the current manifest, methods at
  // call time: an app may set up its templates before the first build has written a manifest.
  return new Proxy({} as Assets, {
    get(_target, key) {
      if (typeof key === 'string' && Object.hasOwn(METHODS, key)) {
        return (...args: unknown[]): unknown => {
          const assets = now()
          return ((assets as unknown as Record<string, unknown>)[key] as (...args: unknown[]) => unknown).apply(assets, args)
        }
      }
      const assets = now()
      return Reflect.get(assets, key, assets)
    },
    has: (_target, key) => (typeof key === 'string' && Object.hasOwn(METHODS, key)) || key in now(),
  })
}

type Method = { [K in keyof Assets]: Assets[K] extends (...args: never[]) => unknown ? K : never }[keyof Assets]

// renderEntryTags: what a page of several builds (see `AssetsOptions.builds`) calls on each.
const METHODS = { url: true, has: true, integrity: true, entry: true, entryTags: true, hints: true, importMap: true, renderEntryTags: true, withBase: true, build: true, page: true, reload: true, close: true } satisfies Record<Method | 'renderEntryTags', true>
