import type { OutputFile } from '../table/types.ts'
import { type CachedFile } from '../outDir/cacheFormat.ts'
import type { FileMap } from '../table/fileMap.ts'
import type { FolderListings } from '../outDir/outputPresence.ts'
import type { FileLayout } from './fileLayout.ts'
import type { ReferenceGraph } from './referenceGraph.ts'
import type { StaticFile } from '../table/types.ts'
import type { StampColumn } from '../table/stampColumn.ts'
import type { WalkReport } from '../walk/sourceFiles.ts'
import type { FollowedLink, ShadowedFile } from '../table/types.ts'

/**
 * What a watch keeps between builds into one output folder (`assetmap build --watch`, a
 * bundler's watch mode): the last build's files and cache in memory, so that a rebuild neither
 * reads the cache file nor, when it is told what changed, walks and stats every file.
 */
export interface StaticSession {
  /**
   * Tells the session what changed since the last build: absolute paths of files or folders as
   * a file watcher reports them. The next build then looks only at these, when they are all
   * files it knows; a new file, a folder or a removal makes it walk the dirs again. A build
   * that was told nothing looks at every file.
   */
  changed(paths: Iterable<string>): void
  /** Writes the build cache of the last build, if not written yet (a watch writes it after the manifest, and when it stops). */
  flush(): void
}

/** The last build, as a session remembers it. */
export interface SessionRecord {
  key: string
  files: StaticFile[]
  byPath: Map<string, StaticFile>
  /** Each file's stamp when the build looked at it, which is also its `cache` entry's. */
  stamps: StampColumn
  cache: FileMap<CachedFile>
  links: FollowedLink[]
  shadowed: ShadowedFile[]
  /** Warnings and broken references the walk reported (dangling links), said again on each build. */
  walkReports: WalkReport[]
  /** Whether a file has more than one path (links): then every rebuild stats every file. */
  aliased: boolean
  /** The output folders as listed by the last build. */
  listings: FolderListings
  /** Which build of the session this is (1, 2, …). */
  build: number
  /** What depends only on `files`. */
  layout: FileLayout
  /** The references among `cache`'s texts; `undefined` until a build needs it. */
  graph: ReferenceGraph | undefined
  /** Text files whose parsing warned or found broken references; `undefined` until a build needs it. */
  noted: Set<string> | undefined
  /** The build's result maps (logical name → output, output → size and integrity), which the next rebuild updates in place. */
  assets: Map<string, string>
  outputs: Map<string, OutputFile>
}

/** A session's state, as the engine uses it. */
export interface SessionState extends StaticSession {
  record: SessionRecord | undefined
  /** The paths reported since the last build, or `undefined` when none were (everything is looked at). */
  takeHints(): Set<string> | undefined
  /**
   * After a build: what it found, and how to write its cache, which `flush` does if this build
   * or one before it since the last flush changed what the cache file holds (`dirty`).
   */
  remember(record: SessionRecord, writeCache: () => void, dirty: boolean): void
  /** After a failed build: the next one looks at everything. */
  forget(): void
  /** Numbers the session's builds. */
  builds: number
}

/** A session for one output folder; pass it as `static.session` to every build of a watch. */
export function createStaticSession(): StaticSession {
  let hints: Set<string> | undefined
  let pendingWrite: (() => void) | undefined
  const state: SessionState = {
    record: undefined,
    builds: 0,
    changed(paths) {
      hints ??= new Set()
      for (const path of paths) hints.add(path)
    },
    flush() {
      const write = pendingWrite
      pendingWrite = undefined
      write?.()
    },
    takeHints() {
      const taken = hints
      hints = undefined
      return state.record === undefined ? undefined : taken
    },
    remember(record, writeCache, dirty) {
      state.record = record
      if (dirty || pendingWrite !== undefined) pendingWrite = writeCache
    },
    forget() {
      state.record = undefined
      hints = undefined
      // The failed build may have replaced files the last build's cache vouches for (and removed it).
      pendingWrite = undefined
    },
  }
  return state
}

/** The engine's view of a session passed in options. */
export function sessionState(session: StaticSession | undefined): SessionState | undefined {
  return session as SessionState | undefined
}
