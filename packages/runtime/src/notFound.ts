import { AssetmapError } from './AssetmapError.ts'

function suggestions(close: readonly string[]): string {
  return close.length > 0 ? ` Did you mean ${close.map((n) => JSON.stringify(n)).join(', ')}?` : ''
}

/** `ASSET_NOT_FOUND` for `name`, looked up in `source`, with the close names found. */
export function unknownAsset(name: string, source: string, close: readonly string[]): AssetmapError {
  return new AssetmapError(
    'ASSET_NOT_FOUND',
    `Unknown asset ${JSON.stringify(name)} in ${source}.${suggestions(close)} ` +
      'Names are source paths relative to the project root (src/img/logo.png) or prefix + path inside a static dir (css/site.css); rebuild if the file is new.',
    { value: name },
  )
}

/** `ENTRY_NOT_FOUND` for `name`, looked up in `source`, with the close names found. */
export function unknownEntry(name: string, source: string, close: readonly string[]): AssetmapError {
  return new AssetmapError(
    'ENTRY_NOT_FOUND',
    `Unknown entry ${JSON.stringify(name)} in ${source}.${suggestions(close)} Entries are the bundler inputs by source path (src/main.ts).`,
    { value: name },
  )
}

/** Name of the build `createAssets` itself loads, beside those of its `builds` option. */
export const DEFAULT_BUILD = 'default'

/** `BUILD_NOT_FOUND` for `name`, with the builds there are and the close ones. */
export function unknownBuild(name: string, known: readonly string[], close: readonly string[]): AssetmapError {
  const hint = known.length > 1 ? `The builds are ${known.map((n) => JSON.stringify(n)).join(', ')}.` : 'This app has one build ("default"): name the others in createAssets({ builds: { admin: { manifest: … } } }).'
  return new AssetmapError('BUILD_NOT_FOUND', `Unknown build ${JSON.stringify(name)}.${suggestions(close)} ${hint}`, { value: name })
}

/** `build(name)` of assets that are one build: themselves for `'default'`, else `BUILD_NOT_FOUND`. */
export function onlyBuild<T>(self: T, name: string): T {
  if (name === DEFAULT_BUILD) return self
  throw unknownBuild(name, [DEFAULT_BUILD], [])
}
