import { importOptionalPeer } from '../optionalPeer.ts'

const GENERATOR = '@jspm/generator'

/**
 * Loads `@jspm/generator`, an optional peer of @assetmap/cli (it brings Babel, some 30 MB): only
 * `assetmap build --pin` needs it, so it is imported when that runs.
 * @throws AssetmapError `DEPENDENCY_MISSING` naming what to install when it is not installed.
 */
export function loadGenerator(): Promise<typeof import('@jspm/generator')> {
  return importOptionalPeer(GENERATOR, () => import('@jspm/generator'), `assetmap build --pin needs ${GENERATOR}, an optional peer of @assetmap/cli: npm install --save-dev ${GENERATOR}`)
}
