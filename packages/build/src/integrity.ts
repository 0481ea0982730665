import { contentDigest } from './static/contentDigest.ts'

/** Subresource Integrity value (`sha384-…`) of some bytes. */
export function integrity(bytes: Uint8Array): string {
  return contentDigest(bytes).integrity
}
