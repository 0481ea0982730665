import { isAbsolute, join, relative } from 'node:path'
import type { Manifest } from '@assetmap/runtime'
import { MANIFEST_FILE } from '@assetmap/runtime/internal'

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * The one line a build prints, as `assetmap build` does: where the manifest went, its entries and
 * names, and how many warnings the build gave. The path is relative to the working directory
 * when it is inside it.
 */
export function buildSummary(outDir: string, manifest: Manifest, warnings: number): string {
  const path = join(outDir, MANIFEST_FILE)
  const fromCwd = relative(process.cwd(), path)
  const shown = fromCwd === '' || fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd
  const counts = [count(Object.keys(manifest.entries).length, 'entry', 'entries'), count(Object.keys(manifest.assets).length, 'asset', 'assets'), count(warnings, 'warning', 'warnings')]
  return `assetmap: ${shown} (${counts.join(', ')})`
}
