import { AssetmapError } from '@assetmap/runtime'

/** A bucket and a key prefix (empty, or ending in `/`). */
export interface S3Location {
  bucket: string
  prefix: string
}

/** Parses `s3://bucket/prefix` (the prefix is optional). */
export function parseS3Location(url: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url)
  if (!match) {
    throw new AssetmapError('INVALID_OPTION', `--to ${JSON.stringify(url)} is not an S3 location: use s3://bucket or s3://bucket/prefix.`, { value: url })
  }
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '')
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) {
    throw new AssetmapError('INVALID_OPTION', `--to ${JSON.stringify(url)}: the prefix must be a plain path like "static".`, { value: url })
  }
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' }
}
