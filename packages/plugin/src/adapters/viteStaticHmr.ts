import { relative, sep } from 'node:path'

/** A hot update Vite's client applies: a stylesheet `<link>` swapped in place, or a full reload. */
export type StaticUpdatePayload =
  | { type: 'full-reload'; path?: string }
  | { type: 'update'; updates: Array<{ type: 'css-update'; path: string; acceptedPath: string; timestamp: number }> }

/** The parts of a Vite dev server that watching the static dirs uses. */
export interface StaticHmrServer {
  watcher: { add(paths: string | string[]): unknown; on(event: 'change' | 'add' | 'unlink', listener: (file: string) => void): unknown }
  ws: { send(payload: StaticUpdatePayload): void; clients?: { size: number } }
}

const STYLESHEET = /\.css$/i

/** The logical name of `file` if it is in one of the static dirs (dot-entries are not served). */
function staticName(dirs: ReadonlyArray<{ dir: string; prefix: string }>, file: string): string | undefined {
  for (const { dir, prefix } of dirs) {
    const path = relative(dir, file)
    if (path === '' || path.startsWith('..') || path.split(sep).some((segment) => segment.startsWith('.'))) continue
    return (prefix ? `${prefix}/` : '') + path.split(sep).join('/')
  }
  return undefined
}

/**
 * Nothing imports the files of a static dir, so Vite's module graph never sees them: the plugin
 * watches the dirs itself. An edited stylesheet is swapped in place (Vite's client replaces the
 * `<link>` whose URL ends in its name, the same as for a linked source stylesheet); any other
 * edit, and any file added or removed, reloads the page.
 */
export function watchStaticDirs(server: StaticHmrServer, dirs: ReadonlyArray<{ dir: string; prefix: string }>): void {
  if (dirs.length === 0) return
  server.watcher.add(dirs.map(({ dir }) => dir))
  const onEvent = (event: 'change' | 'add' | 'unlink') => (file: string) => {
    const name = staticName(dirs, file)
    // Vite keeps a reload sent with no page open and hands it to the next page, which is already current.
    if (name === undefined || server.ws.clients?.size === 0) return
    if (event === 'change' && STYLESHEET.test(name)) {
      server.ws.send({ type: 'update', updates: [{ type: 'css-update', path: `/${name}`, acceptedPath: `/${name}`, timestamp: Date.now() }] })
    } else {
      server.ws.send({ type: 'full-reload', path: '*' })
    }
  }
  for (const event of ['change', 'add', 'unlink'] as const) server.watcher.on(event, onEvent(event))
}
