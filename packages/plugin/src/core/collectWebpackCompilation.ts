import { resolve } from 'node:path'
import type { EntryType } from '@assetmap/runtime'
import { createBundleMap, isMetadataFile, toLogicalName, type BundleMap } from './bundleMap.ts'

/** The parts of a webpack/Rspack chunk assetmap reads. */
export interface WebpackLikeChunk {
  files: Iterable<string>
}

/** The parts of a webpack chunk group (an async block's) assetmap reads. */
export interface WebpackLikeChunkGroup {
  chunks: WebpackLikeChunk[]
  /** The groups this one loads on demand (`import()`); webpack and Rspack both have it. */
  readonly childrenIterable?: Iterable<WebpackLikeChunkGroup>
}

/** The parts of a webpack/Rspack entrypoint assetmap reads. */
export interface WebpackLikeEntrypoint extends WebpackLikeChunkGroup {
  chunks: WebpackLikeChunk[]
  origins?: Array<{ request?: string | null }>
  getEntrypointChunk(): WebpackLikeChunk
}

/** The parts of a webpack/Rspack asset assetmap reads. */
export interface WebpackLikeAsset {
  name: string
  info: { sourceFilename?: string; javascriptModule?: boolean; hotModuleReplacement?: boolean }
}

/** The parts of a webpack/Rspack compilation assetmap reads. */
export interface WebpackLikeCompilation {
  entrypoints: Map<string, WebpackLikeEntrypoint>
  entries?: Map<string, { dependencies: unknown[] }>
  moduleGraph?: { getResolvedModule?(dependency: unknown): unknown; getModule(dependency: unknown): unknown }
  getAssets(): readonly WebpackLikeAsset[]
}

const JS_FILE = /\.(m?js|cjs)$/i
const CSS_FILE = /\.css$/i
const STYLE_SOURCE = /\.(css|scss|sass|less|styl|stylus|pcss|postcss|sss)$/i

/** Absolute paths of the modules an entry was declared with (`entry: { main: './src/main.js' }`). */
function entryResources(compilation: WebpackLikeCompilation, name: string, entrypoint: WebpackLikeEntrypoint, context: string): string[] {
  const dependencies = compilation.entries?.get(name)?.dependencies ?? []
  const graph = compilation.moduleGraph
  const fromGraph = dependencies
    .map((dependency) => (graph?.getResolvedModule?.(dependency) ?? graph?.getModule(dependency)) as { resource?: unknown } | null | undefined)
    .map((module) => module?.resource)
    .filter((resource): resource is string => typeof resource === 'string')
  if (fromGraph.length > 0) return fromGraph
  return (entrypoint.origins ?? [])
    .map((origin) => origin.request)
    .filter((request): request is string => typeof request === 'string' && (request.startsWith('.') || request.startsWith('/')))
    .map((request) => resolve(context, request))
}

/** The JS and CSS files of the groups an entrypoint loads on demand, recursively, less what it loads at once. */
function lazyFiles(entrypoint: WebpackLikeEntrypoint, loaded: ReadonlySet<string>, hotUpdates: ReadonlySet<string>): string[] {
  const out: string[] = []
  // Groups are told apart by their files: Rspack hands out a new wrapper object on every access.
  const keyOf = (group: WebpackLikeChunkGroup): string => group.chunks.flatMap((chunk) => [...chunk.files]).join('\0')
  const seen = new Set<string>([keyOf(entrypoint)])
  const queue: WebpackLikeChunkGroup[] = [entrypoint]
  for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
    for (const child of group.childrenIterable ?? []) {
      const key = keyOf(child)
      if (seen.has(key)) continue
      seen.add(key)
      queue.push(child)
      for (const chunk of child.chunks) {
        for (const file of chunk.files) if ((JS_FILE.test(file) || CSS_FILE.test(file)) && !hotUpdates.has(file) && !loaded.has(file) && !out.includes(file)) out.push(file)
      }
    }
  }
  return out
}

/**
 * Maps a webpack or Rspack compilation to logical names, entries and files. Classic entries list
 * every JS file of the entrypoint in load order; module entries (`output.module`) load the entry
 * chunk and preload the rest. An entry declared with style files only renders its CSS, not the
 * empty JS file webpack emits for it.
 */
export function collectWebpackCompilation(compilation: WebpackLikeCompilation, context: string): BundleMap {
  const map = createBundleMap()
  const moduleFiles = new Set<string>()
  // Hot-update files ride along in chunk.files during HMR rebuilds; pages never name them.
  const hotUpdates = new Set<string>()
  for (const asset of compilation.getAssets()) {
    if (asset.info.hotModuleReplacement) hotUpdates.add(asset.name)
    if (asset.info.hotModuleReplacement || isMetadataFile(asset.name)) continue
    map.files.add(asset.name)
    if (asset.info.javascriptModule) moduleFiles.add(asset.name)
    const name = asset.info.sourceFilename ? toLogicalName(context, asset.info.sourceFilename) : undefined
    if (name !== undefined && !map.assets.has(name)) map.assets.set(name, asset.name)
  }

  for (const [entryName, entrypoint] of compilation.entrypoints) {
    const resources = entryResources(compilation, entryName, entrypoint, context)
    const main = resources.at(-1)
    const name = (main && toLogicalName(context, main)) ?? entryName
    const cssOnly = resources.length > 0 && resources.every((resource) => STYLE_SOURCE.test(resource))
    const js: string[] = []
    const css: string[] = []
    for (const chunk of entrypoint.chunks) {
      for (const file of chunk.files) {
        if (hotUpdates.has(file)) continue
        if (JS_FILE.test(file) && !js.includes(file)) js.push(file)
        else if (CSS_FILE.test(file) && !css.includes(file)) css.push(file)
      }
    }
    const entryJs = [...entrypoint.getEntrypointChunk().files].filter((file) => JS_FILE.test(file) && !hotUpdates.has(file))
    const type: EntryType = entryJs.some((file) => moduleFiles.has(file)) ? 'module' : 'classic'
    const lazy = cssOnly ? [] : lazyFiles(entrypoint, new Set([...js, ...css]), hotUpdates)
    const withLazy = lazy.length > 0 ? { lazy } : {}
    if (cssOnly) map.entries.set(name, { type, js: [], css, preload: [] })
    else if (type === 'module') map.entries.set(name, { type, js: entryJs, css, preload: js.filter((file) => !entryJs.includes(file)), ...withLazy })
    else map.entries.set(name, { type, js, css, preload: [], ...withLazy })
    const file = cssOnly ? css.at(-1) : entryJs.at(-1)
    if (file !== undefined) map.assets.set(name, file)
  }
  return map
}
