import { AssetmapError } from '@assetmap/runtime/internal'
import { type CachedFile } from '../outDir/cacheFormat.ts'
import { writeBuildCache } from '../outDir/writeBuildCache.ts'
import type { BuildPlan } from '../plan/planBuild.ts'
import { updateResultMaps } from '../plan/quickRebuild.ts'
import type { ReferenceGraph } from '../plan/referenceGraph.ts'
import type { StaticBuildResult } from '../plan/staticOptions.ts'
import type { SessionState } from '../plan/staticSession.ts'
import { totalSize } from '../record/createManifest.ts'
import type { OutputFile } from '../table/types.ts'
import type { BuildLedger } from '../write/buildLedger.ts'

/**
 * The end of a static build: the result, the cache written (or, in a watch, kept for the
 * session to write), and the session told what the build found.
 */
export function finishStatic(plan: BuildPlan, ledger: BuildLedger, graph: ReferenceGraph | undefined, session: SessionState | undefined, serial: number): StaticBuildResult {
  const { sources, layout, quick, useCache, outDir, key, dirs, report, record } = plan
  const { files, stamps, links, shadowed } = sources
  const { next } = ledger
  // What the cache and a watch's next build compare with: not a stamp that may hide an edit.
  stamps.forgetRacy(sources.stampedAt)
  // Unchanged when every file was known and spared: rewriting it would be most of a rebuild's writes.
  const dirty = useCache && (!plan.sameNames || plan.sparedCount !== files.length || ledger.folders.size > 0)
  const writeCache = (): void => (useCache ? writeBuildCache(outDir, key, layout, next, stamps, dirs) : undefined)
  const { assets, outputs } = quick ? updateResultMaps(quick, ledger.replaced) : resultMaps(layout.names, next)
  if (quick) plan.options.onProgress?.('write', files.length, files.length)
  if (session) {
    const byPath = record?.files === files ? record.byPath : new Map(files.map((file) => [file.path, file]))
    const kept = { key, files, byPath, stamps, cache: next, links, shadowed, walkReports: sources.walkReports, aliased: sources.aliased, listings: plan.listings }
    session.remember({ ...kept, build: serial, layout, graph, noted: plan.noted, assets, outputs }, writeCache, dirty)
  } else if (dirty) writeCache()
  const changes = { build: serial, ...(quick ? { since: quick.build, names: [...ledger.replaced.keys()] } : {}) }
  const { warnings } = report
  return { assets, files: outputs, fileCount: outputs.size, bytes: totalSize(outputs.values()), warnings, links, shadowed, written: ledger.written, originals: ledger.originals, unchanged: plan.allSpared, ...(session ? { changes } : {}) }
}

/** Logical name → output and output → size and integrity, in name order (the order files finish in depends on what the cache spared). */
function resultMaps(names: readonly string[], next: { get(name: string): CachedFile | undefined }): { assets: Map<string, string>; outputs: Map<string, OutputFile> } {
  const assets = new Map<string, string>()
  const outputs = new Map<string, OutputFile>()
  for (const name of names) {
    const { output, outputSize: size, integrity } = next.get(name)!
    assets.set(name, output)
    outputs.set(output, { size, integrity })
  }
  return { assets, outputs }
}

/** A strict build's failure, listing every broken reference. */
export function brokenReferences(broken: readonly string[]): AssetmapError {
  return new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
}
