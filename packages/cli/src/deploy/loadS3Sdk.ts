import { AssetmapError } from '@assetmap/runtime'

const SDK = '@aws-sdk/client-s3'

/**
 * Loads the AWS SDK, an optional peer of @assetmap/cli (about 22 MB): only `publish` and
 * `clean --to s3://` need it, so it is imported when they run.
 * @throws AssetmapError `DEPENDENCY_MISSING` naming what to install when it is not installed.
 */
export async function loadS3Sdk(): Promise<typeof import('@aws-sdk/client-s3')> {
  try {
    return await import('@aws-sdk/client-s3')
  } catch (error) {
    // Only the SDK itself missing; a broken install of it keeps its own error.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !(error as Error).message.includes(`'${SDK}'`)) throw error
    throw new AssetmapError('DEPENDENCY_MISSING', `publish and clean --to s3:// need the AWS SDK, an optional peer of @assetmap/cli: npm install ${SDK}`, { value: SDK, cause: error })
  }
}
