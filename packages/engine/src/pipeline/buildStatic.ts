import { jsLexerReady } from '../parse/jsReferences.ts'
import { planBuild } from '../plan/planBuild.ts'
import type { BuildStaticOptions, StaticBuildResult } from '../plan/staticOptions.ts'
import { sessionState, type SessionState } from '../plan/staticSession.ts'
import type { PreparedSources } from '../plan/unchangedBuild.ts'
import { BuildLedger } from '../write/buildLedger.ts'
import { finishStatic } from './finishStatic.ts'
import { changedFiles, copyOpaque, graphAfter, readChanged, renderCascade, sayAgain, startRun } from './staticPhases.ts'

/**
 * Hashes every file of the static dirs, rewriting references inside CSS and JS to the hashed
 * names, and writes the hashed files (plus the originals, unless `keepOriginals: false`) into
 * `outDir`. Hashed names are content-addressed, so a file already on disk is not written again.
 * Each original is a hard link to its hashed file (the same bytes, references rewritten) where the
 * file system allows, a copy elsewhere.
 * Memory stays bounded: other files are streamed in chunks, and CSS and JS are written as soon as
 * they are rendered.
 * With the build cache (`cache`, on by default), a rebuild into the same `outDir` reads and parses
 * only the files whose size, mtime, ctime or inode changed, re-renders only them and the files that refer
 * to them (transitively), and writes only outputs that are not there yet: its output is the same,
 * byte for byte, as a build without the cache.
 */
export async function buildStatic(options: BuildStaticOptions, prepared?: PreparedSources): Promise<StaticBuildResult> {
  const session = sessionState(options.session)
  try {
    return await build(options, session, prepared)
  } catch (error) {
    session?.forget()
    throw error
  }
}

/** The phases, in order: plan, then (when there is something to redo) read and parse, copy, hash and write the cascade, then record. */
async function build(options: BuildStaticOptions, session: SessionState | undefined, prepared: PreparedSources | undefined): Promise<StaticBuildResult> {
  const plan = await planBuild(options, session, prepared)
  const { quick, sources, records, cache } = plan
  const ledger = new BuildLedger({ outDir: plan.outDir, records, quick: quick !== undefined, total: sources.files.length, onProgress: options.onProgress, keepOriginals: plan.keepOriginals, cached: cache !== undefined })
  const serial = session ? ++session.builds : 0
  if (plan.allSpared) {
    sayAgain(plan, ledger)
    return finishStatic(plan, ledger, quick?.graph, session, serial)
  }
  await jsLexerReady()
  const run = startRun(plan, ledger)
  const read = readChanged(run)
  const changed = changedFiles(run, read, session !== undefined)
  copyOpaque(run, changed)
  const graph = graphAfter(run, read, changed)
  await renderCascade(run, read, graph, changed)
  return finishStatic(plan, ledger, graph, session, serial)
}
