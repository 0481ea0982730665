import { AssetmapError } from '@assetmap/runtime'

const GENERATOR = '@jspm/generator'

/**
 * Loads `@jspm/generator`, an optional peer of @assetmap/cli (it brings Babel, some 30 MB): only
 * `assetmap build --pin` needs it, so it is imported when that runs.
 * @throws AssetmapError `DEPENDENCY_MISSING` naming what to install when it is not installed.
 */
export async function loadGenerator(): Promise<typeof import('@jspm/generator')> {
  try {
    return await import('@jspm/generator')
  } catch (error) {
    // Only the generator itself missing; a broken install of it keeps its own error.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !(error as Error).message.includes(`'${GENERATOR}'`)) throw error
    throw new AssetmapError('DEPENDENCY_MISSING', `assetmap build --pin needs ${GENERATOR}, an optional peer of @assetmap/cli: npm install --save-dev ${GENERATOR}`, { value: GENERATOR, cause: error })
  }
}
