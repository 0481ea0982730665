/** Printable ASCII but `"` and `\`: what JSON.stringify writes as it is, one byte per character. */
const PLAIN = /^[ !#-[\]-~]*$/

/**
 * Text appended into large buffers, each handed to `full` once filled: a manifest of 10,000
 * records is a few buffers, not a string, a Buffer or an object per record. Strings are written
 * in place, so nothing is allocated per record but the rare name JSON must escape.
 */
export class ByteChunks {
  readonly #size: number
  readonly #full: (bytes: Buffer) => void
  readonly #reuse: boolean
  #chunk: Buffer
  #used = 0

  /**
   * @param size bytes per buffer
   * @param full told each filled buffer (the part written), and the last one by `end()`
   * @param reuse write on into the same buffer once `full` returns (it has used the bytes), instead of a new one
   */
  constructor(size: number, full: (bytes: Buffer) => void, reuse = false) {
    this.#size = size
    this.#full = full
    this.#reuse = reuse
    this.#chunk = Buffer.allocUnsafeSlow(size)
  }

  /**
   * Makes room for `bytes` more in the current buffer: `raw`, `json` and `integer` write only into
   * room made. JSON writes a UTF-16 unit in 6 bytes at most (`\u001f`), UTF-8 in 3.
   */
  room(bytes: number): void {
    if (this.#chunk.length - this.#used >= bytes) return
    this.#flush()
    if (!this.#reuse || bytes > this.#chunk.length) this.#chunk = Buffer.allocUnsafeSlow(Math.max(this.#size, bytes))
  }

  /** Writes `text` as it is (UTF-8). */
  raw(text: string): void {
    this.#used += this.#chunk.write(text, this.#used, 'utf8')
  }

  /** Writes `text` as JSON.stringify would. */
  json(text: string): void {
    if (PLAIN.test(text)) {
      this.#chunk[this.#used++] = 0x22
      this.#used += this.#chunk.write(text, this.#used, 'latin1')
      this.#chunk[this.#used++] = 0x22
    } else this.#used += this.#chunk.write(JSON.stringify(text), this.#used, 'utf8')
  }

  /** Writes a whole number ≥ 0 as JSON.stringify would. */
  integer(value: number): void {
    if (value > Number.MAX_SAFE_INTEGER) return this.raw(JSON.stringify(value))
    let digits = 1
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++
    let at = this.#used + digits
    this.#used = at
    let rest = value
    do {
      this.#chunk[--at] = 0x30 + (rest % 10)
      rest = Math.floor(rest / 10)
    } while (rest > 0)
  }

  /** Hands on what the current buffer holds. */
  end(): void {
    this.#flush()
  }

  #flush(): void {
    if (this.#used > 0) this.#full(this.#chunk.subarray(0, this.#used))
    this.#used = 0
  }
}
