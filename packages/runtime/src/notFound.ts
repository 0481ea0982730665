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
