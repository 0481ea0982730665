/** Subresource Integrity value (`sha384-…`) of some bytes: the same as `contentDigest(bytes).integrity`. */
export function integrity(bytes: Uint8Array): string {
  // node:crypto is loaded on first use: this module is part of `@assetmap/engine/internal`, which the plugin imports at start-up.
  return `sha384-${process.getBuiltinModule('node:crypto').hash('sha384', bytes, 'base64')}`
}
