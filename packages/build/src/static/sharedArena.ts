/** Hands out byte ranges of large shared buffers. */
export interface SharedArena {
  /** `size` bytes to fill, in memory that writer threads share (posting it copies nothing). */
  alloc(size: number): Uint8Array
  /** A shared copy of `bytes`. */
  copy(bytes: Uint8Array): Uint8Array
}

const CHUNK_SIZE = 4 * 1024 * 1024

/**
 * Packs the bytes a build hands to its writer threads into few `SharedArrayBuffer`s: a message
 * then shares them instead of cloning each file twice (serialise, deserialise), and thousands of
 * small files cost a few allocations. Ranges live as long as the arena.
 */
export function createSharedArena(): SharedArena {
  let chunk: Uint8Array = new Uint8Array(0)
  let used = 0
  const alloc = (size: number): Uint8Array => {
    if (size > CHUNK_SIZE / 4) return new Uint8Array(new SharedArrayBuffer(size))
    if (used + size > chunk.length) {
      chunk = new Uint8Array(new SharedArrayBuffer(CHUNK_SIZE))
      used = 0
    }
    used += size
    return chunk.subarray(used - size, used)
  }
  return {
    alloc,
    copy(bytes) {
      const shared = alloc(bytes.byteLength)
      shared.set(bytes)
      return shared
    },
  }
}
