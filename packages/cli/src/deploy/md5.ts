import { createHash } from 'node:crypto'

/** MD5 in hex: what S3 returns as the ETag of a single-part upload. */
export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex')
}
