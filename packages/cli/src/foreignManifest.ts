import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import { MANIFEST_FILE } from '@assetmap/runtime/internal'

/** How a manifest that names no entry starts its `entries`, as assetmap writes it (sorted keys, two spaces). */
const NO_ENTRIES = '\n  "entries": {},\n'

function entryCount(text: string): number {
  if (text.includes(NO_ENTRIES)) return 0
  try {
    const entries = (JSON.parse(text) as { entries?: unknown }).entries
    return entries !== null && typeof entries === 'object' ? Object.keys(entries).length : 0
  } catch {
    // Not a manifest anyone can use: the build replaces it as it would a half-written one.
    return 0
  }
}

/**
 * Refuses to build static folders over a manifest that names bundler entries: `assetmap build`
 * writes a whole manifest, so it would drop every entry and each `{% entry %}` would then fail.
 */
export function refuseForeignManifest(outDir: string, outArgument: string): void {
  const path = join(outDir, MANIFEST_FILE)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return
  }
  const entries = entryCount(text)
  if (entries === 0) return
  throw new AssetmapError(
    'INVALID_OPTION',
    `${path} was written by another build (it names ${entries} bundler ${entries === 1 ? 'entry' : 'entries'}), and assetmap build would replace it. Hash these folders in that build with the plugin's \`static\` option, or give build another --out than ${outArgument}.`,
    { value: path },
  )
}
