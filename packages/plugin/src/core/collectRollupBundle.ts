import { basename, isAbsolute } from 'node:path'
import type { EntryType } from '@assetmap/runtime'
import { createBundleMap, isMetadataFile, toLogicalName, type BundleMap } from './bundleMap.ts'

/** The fields of a Rollup/Rolldown/Vite output chunk that assetmap reads. */
export interface RollupLikeChunk {
  type: 'chunk'
  fileName: string
  code?: string
  isEntry: boolean
  facadeModuleId: string | null
  imports: string[]
  /** Chunks this one imports with `import()`. */
  dynamicImports?: string[]
  sourcemapFileName?: string | null
  map?: unknown
  viteMetadata?: { importedCss: Set<string> }
}

/** The fields of a Rollup/Rolldown/Vite output asset that assetmap reads. */
export interface RollupLikeAsset {
  type: 'asset'
  fileName: string
  source?: string | Uint8Array
  originalFileNames?: readonly string[]
}

/** How to read a rollup-family bundle. */
export interface RollupBundleContext {
  /** Folder logical names are relative to. */
  root: string
  /**
   * Folder the bundler's relative source names (`originalFileNames`) are relative to: Vite's
   * `root`, the working directory for Rollup.
   * @default root
   */
  sourceRoot?: string
  /** Absolute paths of the build's inputs (needed to tell CSS entries from other CSS). */
  inputs: string[]
  /** Output format: `es` gives module entries, anything else classic ones. */
  format: string | undefined
  /**
   * `false` when all CSS goes into one stylesheet that no chunk imports (Vite's
   * `build.cssCodeSplit: false`): every entry then lists that stylesheet.
   * @default true
   */
  cssCodeSplit?: boolean
  /**
   * Also name each asset under every absolute source name the bundler gave it, the key Vite's
   * manifest uses for it (Vite keys a CSS file imported with `?url` by its absolute path).
   * @default false
   */
  absoluteSourceKeys?: boolean
}

const STYLE_SOURCE = /\.(css|scss|sass|less|styl|stylus|pcss|postcss|sss)$/i

/** Chunks that `entry` imports statically, recursively, dependencies before dependents, each once. */
function staticImports(entry: RollupLikeChunk, chunks: Map<string, RollupLikeChunk>, seen = new Set<string>()): RollupLikeChunk[] {
  const out: RollupLikeChunk[] = []
  for (const file of entry.imports) {
    const chunk = chunks.get(file)
    if (!chunk || seen.has(file)) continue
    seen.add(file)
    out.push(...staticImports(chunk, chunks, seen), chunk)
  }
  return out
}

/**
 * What an entry may load later: each chunk its chunks import with `import()`, recursively, with
 * the chunks those import statically, and their CSS; less what the entry loads at once.
 */
function lazyFiles(initial: RollupLikeChunk[], chunks: Map<string, RollupLikeChunk>, loaded: ReadonlySet<string>): string[] {
  const out: string[] = []
  const seen = new Set(initial.map((chunk) => chunk.fileName))
  const queue = [...initial]
  for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
    for (const file of chunk.dynamicImports ?? []) {
      const lazy = chunks.get(file)
      if (lazy === undefined || seen.has(file)) continue
      for (const reached of [...staticImports(lazy, chunks), lazy]) {
        if (seen.has(reached.fileName)) continue
        seen.add(reached.fileName)
        queue.push(reached)
        for (const path of [...importedCss(reached), reached.fileName]) if (!loaded.has(path) && !out.includes(path)) out.push(path)
      }
    }
  }
  return out
}

function importedCss(chunk: RollupLikeChunk): string[] {
  return chunk.viteMetadata ? [...chunk.viteMetadata.importedCss] : []
}

/** Stylesheets of the bundle that no chunk imports: with CSS code splitting off, the one stylesheet of the whole build. */
function unimportedCss(bundle: Record<string, RollupLikeChunk | RollupLikeAsset>, chunks: Map<string, RollupLikeChunk>): string[] {
  const imported = new Set([...chunks.values()].flatMap(importedCss))
  return Object.values(bundle)
    .filter((output) => output.type === 'asset' && output.fileName.endsWith('.css') && !imported.has(output.fileName))
    .map((output) => output.fileName)
}

/**
 * Maps a rollup-family bundle (Vite, Rollup, Rolldown) to logical names, entries and files.
 * An entry's CSS gathers the CSS of every statically imported chunk (dependencies first) and its
 * own; `preload` lists those chunks. Dynamic imports are left to load on demand.
 */
export function collectRollupBundle(bundle: Record<string, RollupLikeChunk | RollupLikeAsset>, context: RollupBundleContext): BundleMap {
  const map = createBundleMap()
  const chunks = new Map<string, RollupLikeChunk>()
  const type: EntryType = context.format === undefined || context.format === 'es' || context.format === 'esm' || context.format === 'module' ? 'module' : 'classic'
  const nameOf = (id: string): string | undefined => toLogicalName(context.root, id, context.sourceRoot)

  for (const output of Object.values(bundle)) {
    if (!isMetadataFile(output.fileName)) map.files.add(output.fileName)
    if (output.type !== 'chunk') continue
    chunks.set(output.fileName, output)
    if (output.sourcemapFileName && output.map) map.files.add(output.sourcemapFileName)
    // A chunk without a module of its own gets the key Vite's manifest gives it: `_` and its file name.
    const name = output.facadeModuleId ? nameOf(output.facadeModuleId) : `_${basename(output.fileName)}`
    if (name !== undefined) map.assets.set(name, output.fileName)
    else if (output.isEntry) map.unnamed.add(output.fileName)
  }

  const cssBundle = context.cssCodeSplit === false ? unimportedCss(bundle, chunks) : []
  for (const chunk of chunks.values()) {
    if (!chunk.isEntry || !chunk.facadeModuleId) continue
    const name = nameOf(chunk.facadeModuleId)
    if (name === undefined) continue
    const imported = staticImports(chunk, chunks)
    const css = [...new Set([...cssBundle, ...imported.flatMap(importedCss), ...importedCss(chunk)])]
    const preload = imported.map((c) => c.fileName)
    const lazy = lazyFiles([...imported, chunk], chunks, new Set([chunk.fileName, ...css, ...preload]))
    map.entries.set(name, { type, js: [chunk.fileName], css, preload, ...(lazy.length > 0 ? { lazy } : {}) })
  }

  const cssInputs = new Set(context.inputs.filter((input) => STYLE_SOURCE.test(input)).map((input) => nameOf(input)))
  for (const output of Object.values(bundle)) {
    if (output.type !== 'asset') continue
    const originals = new Set(output.originalFileNames ?? [])
    for (const original of originals) {
      const name = nameOf(original)
      if (name === undefined) map.unnamed.add(output.fileName)
      // CSS split from a chunk carries the chunk's module as its original file: the chunk keeps the name.
      if (name === undefined || map.assets.has(name)) continue
      map.assets.set(name, output.fileName)
      if (cssInputs.has(name) && output.fileName.endsWith('.css')) map.entries.set(name, { type, js: [], css: [output.fileName], preload: [] })
    }
  }
  if (context.absoluteSourceKeys) addAbsoluteSourceKeys(bundle, map)
  return map
}

/**
 * Names each asset also by its absolute source names, as Vite's manifest keys it (a `?url` CSS
 * import: `/home/ci/app/styles/url.css`), so that every key of that manifest resolves. The
 * relative name stays the one to write in templates: it is the same on every machine.
 */
function addAbsoluteSourceKeys(bundle: Record<string, RollupLikeChunk | RollupLikeAsset>, map: BundleMap): void {
  for (const output of Object.values(bundle)) {
    if (output.type !== 'asset') continue
    for (const original of output.originalFileNames ?? []) {
      if (isAbsolute(original) && !original.includes('\0') && !map.assets.has(original)) map.assets.set(original, output.fileName)
    }
  }
}
