/**
 * `@assetmap/runtime/internal`: what the other assetmap packages share with the runtime.
 * Not covered by semver: any release may change it. Import `@assetmap/runtime` instead.
 * @packageDocumentation
 */
export { AssetmapError } from './AssetmapError.ts'
export { closestNames } from './closestNames.ts'
export { escapeHtml } from './escapeHtml.ts'
export { assertManifest, manifestFilePath, readManifestFile } from './loadManifest.ts'
export { normalizeBaseUrl } from './normalizeBaseUrl.ts'
export { isSafeOutputPath, validateManifest } from './validateManifest.ts'
export { isIntegrity } from './manifestFormat.ts'
export { loadReleaseIds, loadReleaseManifests, MANIFEST_FILE, releaseManifestPath, RELEASES_DIR } from './releases.ts'
export { DEV_FILE, findDevServer, type DevMode, type DevPageScript, type DevServer, type DevStaticDir, type DevStylesheet } from './devServer.ts'
/** The dev resolver, loaded on demand: every plugin imports this module, and only `createDevServer` needs it. */
export const loadDevAssets = (): Promise<typeof import('./DevAssets.ts')> => import('./DevAssets.ts')
export { VARIANT_EXTENSIONS } from './encodings.ts'
export { CACHE_CONTROL, contentTypeFor, type MimeLookup } from './headerPolicy.ts'
export { reportSent } from './describeSent.ts'
