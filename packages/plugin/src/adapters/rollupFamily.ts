import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { RollupLikeAsset, RollupLikeChunk } from '../core/collectRollupBundle.ts'
import { manifestBase, pinnedBase, pinnedBaseWarning } from '../core/options.ts'
import type { ResolvedOptions } from '../types.ts'

/** Build facts a Vite adapter learns from the resolved config. */
export interface RollupFamilyState {
  /** Folder logical names are relative to. */
  root: string
  /**
   * Folder the bundler resolves relative inputs and source names against (Vite's `root`).
   * @default root
   */
  sourceRoot?: string
  publicPath: unknown
  /** Vite's `build.cssCodeSplit` (`false`: one stylesheet for the whole build). */
  cssCodeSplit?: boolean
  /** Builds that must not write a manifest (SSR bundles). */
  skip: boolean
  /** Name assets also by the absolute source names Vite's manifest uses as keys (Vite only). */
  absoluteSourceKeys?: boolean
  /**
   * Prints the build's summary line: Vite's logger, which is silent under `logLevel: 'warn'`.
   * @default the plugin context's `this.info` (Rollup, Rolldown)
   */
  info?: (message: string) => void
}

/** The state of a plain Rollup or Rolldown build, which has no config hook to learn it from. */
export function plainRollupState(options: ResolvedOptions): RollupFamilyState {
  return { root: options.root ?? process.cwd(), publicPath: undefined, skip: false }
}

type InputOption = string | string[] | Record<string, string> | undefined

/** Absolute paths of the inputs, whatever shape the bundler's `input` option has. */
export function inputPaths(input: InputOption, root: string): string[] {
  const list = typeof input === 'string' ? [input] : Array.isArray(input) ? input : Object.values(input ?? {})
  return list.map((path) => resolve(root, path))
}

type OutputOptions = { dir?: string | undefined; file?: string | undefined; format?: string | undefined }
type HookThis = { environment?: { config: { consumer?: string } }; warn(message: string): void; info?(message: string): void }

/** The hooks assetmap adds to every rollup-family bundler. */
export interface RollupFamilyHooks {
  buildStart(inputOptions: { input?: InputOption }): void
  writeBundle(this: HookThis, outputOptions: OutputOptions, bundle: Record<string, RollupLikeChunk | RollupLikeAsset>): Promise<void>
}

/** The `buildStart`/`writeBundle` hooks shared by Vite, Rollup and Rolldown. */
export function rollupFamilyHooks(options: ResolvedOptions, state: RollupFamilyState): RollupFamilyHooks {
  let inputs: string[] = []
  let warned = false
  return {
    buildStart(inputOptions: { input?: InputOption }): void {
      inputs = inputPaths(inputOptions.input, state.sourceRoot ?? state.root)
      warned = false
    },
    async writeBundle(this: HookThis, outputOptions: OutputOptions, bundle: Record<string, RollupLikeChunk | RollupLikeAsset>): Promise<void> {
      if (state.skip || this.environment?.config.consumer === 'server') return
      const outDir = outputOptions.dir ?? (outputOptions.file ? dirname(outputOptions.file) : undefined)
      if (outDir === undefined) return
      // What reads the bundle and completes the build is loaded when a build ends, not when the bundler loads the plugin.
      const [{ collectRollupBundle }, { describeUnnamed }, { buildSummary }, { writeBuildManifest }] = await Promise.all([
        import('../core/collectRollupBundle.ts'),
        import('../core/bundleMap.ts'),
        import('../core/buildSummary.ts'),
        import('../core/writeBuildManifest.ts'),
      ])
      const map = collectRollupBundle(bundle, { root: state.root, sourceRoot: state.sourceRoot ?? state.root, inputs, format: outputOptions.format, cssCodeSplit: state.cssCodeSplit ?? true, absoluteSourceKeys: state.absoluteSourceKeys ?? false })
      let warnings = 0
      const warn = (message: string): void => {
        warnings++
        this.warn(message)
      }
      const unnamed = describeUnnamed(map)
      if (unnamed !== undefined) warn(unnamed)
      const pinned = pinnedBaseWarning('Vite `base`', state.publicPath, "`base: './'` (or remove `base`) and pass the URL as the plugin's `base` option or ASSETMAP_BASE_URL")
      if (pinned !== undefined && !warned) warn(pinned)
      warned = true
      const absoluteOutDir = resolve(outDir)
      // The bundle holds what was just written; anything else (source maps) is read back from disk.
      const read = (path: string): Uint8Array => {
        const output = bundle[path]
        if (output?.type === 'chunk' && output.code !== undefined) return Buffer.from(output.code)
        if (output?.type === 'asset' && output.source !== undefined) return typeof output.source === 'string' ? Buffer.from(output.source) : output.source
        return readFileSync(join(absoluteOutDir, path))
      }
      const manifest = await writeBuildManifest(map, { outDir: absoluteOutDir, root: state.root, base: manifestBase(options, state.publicPath), pinnedBase: pinnedBase(state.publicPath), options, warn, read })
      const info = state.info ?? this.info?.bind(this)
      info?.(buildSummary(absoluteOutDir, manifest, warnings))
    },
  }
}
