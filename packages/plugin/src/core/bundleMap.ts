import { isAbsolute, relative, sep } from 'node:path'
import type { ManifestEntry } from '@assetmap/runtime'

/** What an adapter learns from a bundler's output, as plain data. All paths are POSIX. */
export interface BundleMap {
  /** Logical name → output path. */
  assets: Map<string, string>
  /** Logical name of each entry → closure of output paths. */
  entries: Map<string, ManifestEntry>
  /** Every output file the manifest must list. */
  files: Set<string>
}

/** An empty map to fill. */
export function createBundleMap(): BundleMap {
  return { assets: new Map(), entries: new Map(), files: new Set() }
}

/**
 * The logical name of a source file: its POSIX path relative to the root (the key Vite's own
 * manifest uses), or `undefined` for virtual modules and files outside the root, which no
 * template can name.
 */
export function toLogicalName(root: string, id: string): string | undefined {
  if (id.includes('\0')) return undefined
  const clean = id.replace(/[?#].*$/, '')
  const rel = isAbsolute(clean) ? relative(root, clean) : clean
  const name = rel.split(sep).join('/').replace(/^\.\//, '')
  if (name === '' || name.startsWith('../') || name === '..' || isAbsolute(name)) return undefined
  return name
}

/** Output files that are not assets of the site (bundler metadata such as Vite's `.vite/manifest.json`). */
export function isMetadataFile(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'))
}
