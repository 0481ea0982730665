import { importOptionalPeer } from '../optionalPeer.ts'

const SDK = '@aws-sdk/client-s3'

/**
 * Loads the AWS SDK, an optional peer of @assetmap/cli (about 22 MB): only `publish` and
 * `clean --to s3://` need it, so it is imported when they run.
 * @throws AssetmapError `DEPENDENCY_MISSING` naming what to install when it is not installed.
 */
export function loadS3Sdk(): Promise<typeof import('@aws-sdk/client-s3')> {
  return importOptionalPeer(SDK, () => import('@aws-sdk/client-s3'), `publish and clean --to s3:// need the AWS SDK, an optional peer of @assetmap/cli: npm install ${SDK}`)
}
