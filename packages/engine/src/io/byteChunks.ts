/** Bytes per buffer: a 10,000-file manifest (2.2 MB) fills nine. */
const SIZE = 256 * 1024

/**
 * Text written into large buffers as UTF-8: a manifest of 10,000 records is a few buffers, not
 * a string (held on the JS heap until written) nor a Buffer per record.
 */
export class ByteChunks {
  readonly #parts: Buffer[] = []
  #chunk = Buffer.allocUnsafeSlow(SIZE)
  #used = 0

  write(text: string): void {
    const room = this.#chunk.length - this.#used
    // UTF-8 takes 3 bytes per UTF-16 unit at most; counted exactly only when that bound does not fit.
    if (room < 3 * text.length) {
      const bytes = Buffer.byteLength(text)
      if (room < bytes) {
        this.#flush()
        this.#chunk = Buffer.allocUnsafeSlow(Math.max(SIZE, bytes))
      }
    }
    this.#used += this.#chunk.write(text, this.#used, 'utf8')
  }

  /** The bytes written, in parts. */
  end(): Buffer[] {
    this.#flush()
    return this.#parts
  }

  #flush(): void {
    if (this.#used > 0) this.#parts.push(this.#chunk.subarray(0, this.#used))
    this.#used = 0
  }
}
