import { readdirSync, statSync, unwatchFile, watch, watchFile, type FSWatcher } from 'node:fs'
import { basename, join, relative, resolve } from 'node:path'
import { createStaticSession } from '@assetmap/engine'
import { requireStaticFolders } from '../folderArgument.ts'
import { buildCommand, type BuildCommandOptions, type BuildSummary } from './build.ts'

/** Options of `assetmap build --watch`: those of `assetmap build`, and where each rebuild is told. */
export interface WatchCommandOptions extends BuildCommandOptions {
  /** Told after every build: what changed (empty for the first), and its summary. */
  onBuild: (changed: readonly string[], summary: BuildSummary) => void
  /** Told when a build fails; watching goes on. */
  onError: (changed: readonly string[], error: unknown) => void
  /**
   * How long to wait after the last change before rebuilding: an editor's save, or a `git checkout`,
   * is many events.
   * @default 20
   */
  debounceMs?: number
}

const CACHE_DELAY_MS = 1000
/** How often a static folder given on the command line is looked at, for it going and coming back. */
const ROOT_POLL_MS = 500

/** A running watch. */
export interface Watching {
  /** Stops watching; resolves once a build under way has finished. */
  close(): Promise<void>
}

/**
 * Builds, then rebuilds whenever a file under the static folders changes. The last build stays
 * in memory: a rebuild stats only the files reported changed (it walks the folders again when a
 * file or folder appears or goes), reads and writes only them and what refers to them, writes the
 * manifest last and atomically, then the build cache. A failed build is reported and the watch
 * goes on; a build during which files changed again is followed by another, which reports instead.
 * A static folder that is missing or is a file throws before watching starts: no event could
 * ever come from it, so the watch would wait on nothing.
 */
export async function watchCommand(options: WatchCommandOptions): Promise<Watching> {
  const cwd = options.cwd ?? process.cwd()
  requireStaticFolders(options.dirs, cwd)
  const dirs = options.dirs.map((dir) => resolve(cwd, dir))
  const debounceMs = options.debounceMs ?? 20
  let pending = new Set<string>()
  const session = createStaticSession()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let closed = false

  let flushTimer: NodeJS.Timeout | undefined
  /**
   * The build cache is written once edits pause, not after every rebuild (for 10,000 files it
   * costs as much as the rebuild): a watch killed before that only makes the next start slower.
   */
  const flushLater = (): void => {
    clearTimeout(flushTimer)
    flushTimer = setTimeout(() => {
      if (running) return void running.then(flushLater)
      try {
        session.flush()
      } catch (error) {
        options.onError([], error)
      }
    }, CACHE_DELAY_MS)
  }
  const run = async (changed: string[]): Promise<void> => {
    try {
      options.onBuild(changed, await buildCommand({ ...options, session }))
      flushLater()
    } catch (error) {
      // Files that changed while it ran (an editor still saving, a checkout under way) make a
      // failure moot: the build their events start says what is still wrong, if anything.
      await new Promise((resolve) => setTimeout(resolve, debounceMs))
      if (pending.size === 0) options.onError(changed, error)
      else for (const path of changed) pending.add(path)
    }
  }
  const schedule = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      if (closed) return
      // One build at a time: changes made during a build start the next one when it ends.
      if (running) return void running.then(schedule)
      const changed = [...pending].sort()
      session.changed(changed.map((path) => resolve(cwd, path)))
      pending = new Set()
      running = run(changed).finally(() => (running = undefined))
    }, debounceMs)
  }
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>()
  const onChange = (folder: string, file: string | null): void => {
    // Editors' swap and temp files: the build skips dot-entries, so they change nothing.
    if (file !== null && file.startsWith('.')) return
    const path = file === null ? folder : join(folder, file)
    // Linux names the folder itself when it is removed or renamed away; its watcher sees nothing
    // more, and a folder made again under the name may get the same inode: forget the watcher.
    if (file === basename(folder) && folderInode(path) === undefined) forget(folder)
    pending.add(relative(cwd, path) || '.')
    // A new folder (or one renamed in) is watched from now on.
    if (file !== null) watchTree(path)
    schedule()
  }
  /**
   * Watches `folder` and every folder under it, one watcher each: Node 20's recursive watch on
   * Linux follows files by inode and loses one replaced by a rename, as editors save.
   */
  const forget = (folder: string): void => {
    watchers.get(folder)?.watcher.close()
    watchers.delete(folder)
  }
  const watchTree = (folder: string): void => {
    if (closed) return
    const ino = folderInode(folder)
    const known = watchers.get(folder)
    if (known !== undefined) {
      // A watcher follows its folder by inode: after `mv css styles && mkdir css`, the one for
      // `css` watches `styles`, and the new `css` needs its own.
      if (known.ino === ino) return
      forget(folder)
    }
    if (ino === undefined) return
    try {
      const watcher = watch(folder, (_event, file) => onChange(folder, file === null ? null : file.toString()))
      watcher.on('error', () => {
        watcher.close()
        if (watchers.get(folder)?.watcher === watcher) watchers.delete(folder)
      })
      watchers.set(folder, { watcher, ino })
      for (const entry of readdirSync(folder, { withFileTypes: true })) if (!entry.name.startsWith('.') && entry.isDirectory()) watchTree(join(folder, entry.name))
    } catch {
      // Gone already, or unreadable: the build reports it.
    }
  }
  // A folder's own watcher cannot see it come back once removed or renamed away, and nothing
  // watches the folder above it: the static folders given are polled (one stat each), so that
  // "fix it and save again" holds for them too.
  const onRootStat = (dir: string): void => {
    const ino = folderInode(dir)
    if (closed || ino === undefined || watchers.get(dir)?.ino === ino) return
    pending.add(relative(cwd, dir) || '.')
    watchTree(dir)
    schedule()
  }
  for (const dir of dirs) {
    watchTree(dir)
    watchFile(dir, { interval: ROOT_POLL_MS }, () => onRootStat(dir))
  }
  running = run([]).finally(() => (running = undefined))
  await running
  return {
    async close() {
      closed = true
      clearTimeout(timer)
      clearTimeout(flushTimer)
      for (const { watcher } of watchers.values()) watcher.close()
      for (const dir of dirs) unwatchFile(dir)
      await running
      session.flush()
    },
  }
}

/** One line about a rebuild: what changed, how many files were written, how long it took. */
export function rebuildLine(changed: readonly string[], summary: BuildSummary): string {
  const what = changed.length === 0 ? 'built' : `rebuilt after ${describeChanges(changed)}`
  return `${what}: ${summary.written} files written, ${summary.assets} assets (release ${summary.release}, ${summary.warnings.length} warnings, ${summary.durationMs} ms)`
}

/** The changed files, the first few by name. */
export function describeChanges(changed: readonly string[]): string {
  const shown = changed.slice(0, 3).join(', ')
  return changed.length > 3 ? `${shown} and ${changed.length - 3} more` : shown || 'a change'
}

/** The inode of the folder at `path`, or `undefined` if there is none. */
function folderInode(path: string): number | undefined {
  const stats = statSync(path, { throwIfNoEntry: false })
  return stats?.isDirectory() ? stats.ino : undefined
}
