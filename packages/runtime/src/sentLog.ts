/** What a page's tags or hints sent, as the dev report names it. */
export type SentKind = 'stylesheet' | 'modulepreload' | 'script' | 'font' | 'prefetch' | 'hint'

/** One file a page sent. */
export interface SentFile {
  kind: SentKind
  url: string
  /** Bytes of the file, from the manifest (unknown in dev). */
  size: number | undefined
  /** What a hint asked for (`rel=preload; as=style`). */
  note?: string | undefined
}

/** What one page scope sent: the entries named, and each file with its kind and size. */
export class SentLog {
  readonly entries: string[] = []
  readonly files: SentFile[] = []
  /** Set once the report went out: a page rendered by Nunjucks inside an `assetLocals` response is reported once. */
  reported = false
  /** What the report calls the page (the request, when `assetLocals` made the page). */
  label: string | undefined

  entry(name: string): void {
    if (!this.entries.includes(name)) this.entries.push(name)
  }

  file(kind: SentKind, url: string, size: number | undefined): void {
    this.files.push({ kind, url, size })
  }

  /** A Link value a hint sent: its URL, and its `rel`/`as` without the integrity and crossorigin the tags show already. */
  hint(link: string): void {
    const match = /^<([^>]*)>;\s*(.*)$/.exec(link)
    const url = match?.[1] ?? link
    if (this.files.some((file) => file.kind === 'hint' && file.url === url)) return
    const note = match?.[2]?.split(/;\s*/).filter((param) => /^(rel|as)=/.test(param)).join('; ')
    this.files.push({ kind: 'hint', url, size: undefined, note })
  }
}

const ORDER: readonly SentKind[] = ['stylesheet', 'modulepreload', 'script', 'font', 'prefetch', 'hint']

/** Whether `DEBUG` names assetmap (`assetmap`, `assetmap*`, `*`) outside production. */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const debug = env.DEBUG
  if (!debug || env.NODE_ENV === 'production') return false
  return debug.split(/[\s,]+/).some((name) => name === '*' || name === 'assetmap' || name === 'assetmap*' || name === 'assetmap:*')
}

function kiloBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`
}

/** A URL shortened to the part after `base`, for a line that stays readable. */
function shortUrl(url: string, base: string): string {
  return url.startsWith(base) ? url.slice(base.length) : url
}

/**
 * One line that lists what a page sent, by kind, with sizes:
 * `[assetmap] GET /: entries src/main.ts | stylesheet 2 (3.1 kB): assets/main-1a2b.css 2.0 kB, … | …`.
 */
export function formatSent(log: SentLog, label: string, base: string): string {
  const parts = [`entries ${log.entries.length > 0 ? log.entries.join(', ') : '(none)'}`]
  for (const kind of ORDER) {
    const files = log.files.filter((file) => file.kind === kind)
    if (files.length === 0) continue
    const known = files.every((file) => file.size !== undefined)
    const total = known ? ` (${kiloBytes(files.reduce((sum, file) => sum + file.size!, 0))})` : ''
    const list = files.map((file) => `${shortUrl(file.url, base)}${file.note ? ` (${file.note})` : ''}${file.size === undefined ? '' : ` ${kiloBytes(file.size)}`}`).join(', ')
    parts.push(`${kind} ${files.length}${total}: ${list}`)
  }
  return `[assetmap] ${label}: ${parts.join(' | ')}`
}
