import { createHash, hash as digestBytes, type Hash } from 'node:crypto'
import { HASH_LENGTH } from '../table/hashedName.ts'

/** What one SHA-384 of a file's final bytes gives: the hash in its name and its SRI integrity. */
export interface ContentDigest {
  /** `HASH_LENGTH` hex characters, for the file name. */
  hash: string
  /** `sha384-…`, for the manifest. */
  integrity: string
}

/** Both the name hash and the integrity from one pass over the bytes. */
export function contentDigest(bytes: Uint8Array): ContentDigest {
  return fromDigest(digestBytes('sha384', bytes, 'buffer'))
}

/** `contentDigest` of content in pieces. */
export function piecesDigest(pieces: readonly Uint8Array[]): ContentDigest {
  if (pieces.length === 1) return contentDigest(pieces[0]!)
  const hash = createHash('sha384')
  for (const piece of pieces) hash.update(piece)
  return digestOf(hash)
}

/** The digest of a hash that was fed incrementally (a reference cycle's group). */
export function digestOf(hash: Hash): ContentDigest {
  return fromDigest(hash.digest())
}

function fromDigest(digest: Buffer): ContentDigest {
  // Joined: one flat string, kept for every file, not a concatenation holding two.
  return { hash: digest.toString('hex', 0, HASH_LENGTH / 2), integrity: ['sha384-', digest.toString('base64')].join('') }
}
