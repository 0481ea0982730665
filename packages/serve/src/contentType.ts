import { contentTypeFor } from '@assetmap/runtime/internal'
import { lookup } from 'mrmime'

/** The `Content-Type` of a file by its extension (mrmime's table), with `charset=utf-8` on text formats. */
export function contentType(path: string): string {
  return contentTypeFor(path, lookup)
}
