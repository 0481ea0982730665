import { createHash } from 'node:crypto'

/** Subresource Integrity value (`sha384-…`) of some bytes. */
export function integrity(bytes: Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`
}
