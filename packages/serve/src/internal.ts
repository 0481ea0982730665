/**
 * `@assetmap/serve/internal`: what the other assetmap packages share with the server. Not
 * covered by semver: any release may change it. Import `@assetmap/serve` instead.
 * @packageDocumentation
 */
export { negotiateEncoding } from './acceptEncoding.ts'
export { contentType } from './contentType.ts'
export { IMMUTABLE } from './fileTable.ts'
