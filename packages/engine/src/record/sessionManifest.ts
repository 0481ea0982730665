import type { Manifest } from '@assetmap/runtime'
import { contentRelease } from './createManifest.ts'
import type { StaticBuildResult } from '../plan/staticOptions.ts'
import { sessionState, type SessionState } from '../plan/staticSession.ts'
import type { WrittenManifests } from './writeManifest.ts'
import { writeStaticManifest, type StaticBuild } from './completeStatic.ts'
import { ManifestText } from './manifestText.ts'

/** What a watch keeps of its manifest between builds (in its `StaticSession`). */
export interface SessionManifest {
  text: ManifestText
  /** The static build (`StaticBuildResult.changes.build`) the records are of. */
  build: number | undefined
  /** The manifest files as the last build left them. */
  written: WrittenManifests
}

/** Each watch's manifest, kept with its session (a session is one output folder's). */
const keptManifests = new WeakMap<SessionState, SessionManifest>()

/** A static-only manifest as `createManifest` makes it, with its file's bytes as `stableStringify` writes it. */
export interface MadeManifest {
  manifest: Manifest
  /** The file's bytes, in parts. */
  parts: Buffer[]
}

/**
 * The manifest of a static-only build of a watch: when the static stage says which names changed
 * since the build the session's records are of, only theirs are made again; otherwise every
 * one. `undefined` when a record would not pass `validateManifest` (let `createManifest` say why).
 */
export function sessionManifest(session: SessionState, result: StaticBuildResult, input: Pick<StaticBuild, 'base' | 'pinnedBase' | 'release'>): MadeManifest | undefined {
  let kept = keptManifests.get(session)
  if (kept === undefined) keptManifests.set(session, (kept = { text: new ManifestText(), build: undefined, written: new Map() }))
  const { changes } = result
  const names = changes?.since !== undefined && changes.since === kept.build ? changes.names : undefined
  if (names === undefined) kept.text = new ManifestText()
  kept.build = undefined
  const { text } = kept
  for (const name of names ?? result.assets.keys()) {
    const output = result.assets.get(name)!
    const file = result.files.get(output)
    if (file === undefined || !text.set(name, output, file)) {
      kept.text = new ManifestText()
      return undefined
    }
  }
  kept.build = changes?.build
  const release = input.release ?? contentRelease(text.body())
  const manifest: Manifest = { assets: text.assets, base: input.base, entries: {}, files: text.files, ...(input.pinnedBase === undefined ? {} : { pinnedBase: input.pinnedBase }), release, version: 1 }
  return { manifest, parts: text.text(input.base, input.pinnedBase, release) }
}

/**
 * The end of `completeBuild` for a static-only build of a watch (a session, no bundle, no
 * precompression, on disk): the session's manifest, only what changed made again, written
 * last without reading back what the session knows it wrote.
 * `undefined` when there is no session or a record is invalid: make the manifest the usual way.
 */
export async function completeFromSession(build: StaticBuild, result: StaticBuildResult): Promise<{ manifest: Manifest; manifestPath: string; removedVariants: string[] } | undefined> {
  const session = sessionState(build.session)
  const made = session && sessionManifest(session, result, build)
  if (made === undefined) return undefined
  return { manifest: made.manifest, ...(await writeStaticManifest(build, result, made.manifest.release, made.parts, keptManifests.get(session!)!.written)) }
}
