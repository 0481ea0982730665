import { collectWebpackCompilation, type WebpackLikeCompilation } from '../core/collectWebpackCompilation.ts'
import { manifestBase } from '../core/options.ts'
import { writeBuildManifest } from '../core/writeBuildManifest.ts'
import type { ResolvedOptions } from '../types.ts'

/** The parts of a webpack or Rspack compiler assetmap uses. */
export interface WebpackLikeCompiler {
  context: string
  options: { output: { publicPath?: unknown } }
  hooks: { afterEmit: { tapPromise(name: string, fn: (compilation: never) => Promise<void>): void } }
}

interface EmittedCompilation extends WebpackLikeCompilation {
  outputOptions: { path?: string }
  errors: unknown[]
  getAsset(name: string): { source: { buffer(): Buffer } } | undefined
}


/** Writes the manifest after webpack (or Rspack) has emitted every asset, from the emitted bytes. */
export function applyWebpack(options: ResolvedOptions, compiler: WebpackLikeCompiler): void {
  const root = options.root ?? compiler.context
  compiler.hooks.afterEmit.tapPromise('assetmap:manifest', async (compilation: EmittedCompilation) => {
    const outDir = compilation.outputOptions.path
    if (!outDir || compilation.errors.length > 0) return
    const map = collectWebpackCompilation(compilation, root)
    const read = async (path: string): Promise<Uint8Array> => {
      const asset = compilation.getAsset(path)
      if (!asset) throw new Error(`[assetmap] webpack emitted no asset named ${path}`)
      return asset.source.buffer()
    }
    await writeBuildManifest(map, { outDir, base: manifestBase(options, compiler.options.output.publicPath), release: options.release, read })
  })
}
