import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { ManifestEntry } from '@assetmap/runtime'

/** What an adapter learns from a bundler's output, as plain data. All paths are POSIX. */
export interface BundleMap {
  /** Logical name → output path. */
  assets: Map<string, string>
  /** Logical name of each entry → closure of output paths. */
  entries: Map<string, ManifestEntry>
  /** Every output file the manifest must list. */
  files: Set<string>
  /** Output files of entries and sources that no logical name can reach (virtual modules), for the build to report. */
  unnamed: Set<string>
}

/** An empty map to fill. */
export function createBundleMap(): BundleMap {
  return { assets: new Map(), entries: new Map(), files: new Set(), unnamed: new Set() }
}

/**
 * The logical name of a source file: its POSIX path relative to the root, the key Vite's own
 * manifest uses (`normalizePath(path.relative(root, id))`), so a file outside the root is named
 * `../dir/foo.css` as Vite names it. A relative `id` is relative to `from` (Vite's `root`, which
 * differs from `root` when the plugin's `root` option is set). `undefined` for virtual modules
 * and for files no relative path reaches (another drive), which no template can name.
 */
export function toLogicalName(root: string, id: string, from: string = root): string | undefined {
  if (id.includes('\0')) return undefined
  const clean = id.replace(/[?#].*$/, '')
  if (clean === '') return undefined
  const name = relative(root, resolve(from, clean)).split(sep).join('/')
  if (name === '' || isAbsolute(name)) return undefined
  return name
}

/** The build's report of outputs that got no logical name, naming each file (empty when every output has one). */
export function describeUnnamed(map: BundleMap): string | undefined {
  if (map.unnamed.size === 0) return undefined
  const files = [...map.unnamed].sort()
  return `No logical name for ${files.map((file) => JSON.stringify(file)).join(', ')}: the source is a virtual module or outside every path from the root, so templates cannot name it. Give it a real file as input, or set the plugin's \`root\` option to a folder that contains it.`
}

/** Output files that are not assets of the site (bundler metadata such as Vite's `.vite/manifest.json`). */
export function isMetadataFile(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'))
}
