const VERBS: Record<string, string> = { read: 'hashing', write: 'writing', compress: 'compressing', upload: 'uploading' }

/** A one-line progress display on a TTY, redrawn at most every 100 ms; silent elsewhere (CI, pipes). */
export function createProgress(stream: NodeJS.WriteStream): ((phase: string, done: number, total: number) => void) & { end(): void } {
  const enabled = Boolean(stream.isTTY) && !process.env.CI
  let last = 0
  let shown = false
  const update = (phase: string, done: number, total: number): void => {
    const now = Date.now()
    if (!enabled || (now - last < 100 && done !== total)) return
    last = now
    shown = true
    stream.write(`\r\x1b[K${VERBS[phase] ?? phase} ${done}/${total} files`)
  }
  return Object.assign(update, {
    end(): void {
      if (shown) stream.write('\r\x1b[K')
    },
  })
}
