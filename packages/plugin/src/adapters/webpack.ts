import type { CallbackFileSystem } from '@assetmap/engine'
import type { WebpackLikeCompilation } from '../core/collectWebpackCompilation.ts'
import { manifestBase, pinnedBase, pinnedBaseWarning } from '../core/options.ts'
import { staticWatchPaths } from '../core/staticWatchPaths.ts'
import type { ResolvedOptions } from '../types.ts'

/** The parts of a webpack or Rspack compiler assetmap uses. */
export interface WebpackLikeCompiler {
  context: string
  outputFileSystem?: unknown
  options: { output: { publicPath?: unknown } }
  webpack: { WebpackError: new (message: string) => Error }
  hooks: { afterEmit: { tapPromise(name: string, fn: (compilation: never) => Promise<void>): void } }
}

interface EmittedCompilation extends WebpackLikeCompilation {
  outputOptions: { path?: string }
  errors: unknown[]
  warnings: unknown[]
  fileDependencies: { add(path: string): void }
  getLogger(name: string): { info(message: string): void }
  contextDependencies: { add(path: string): void }
}

/**
 * Writes the manifest after webpack (or Rspack) has emitted every asset, from the emitted bytes,
 * through the compiler's own output file system: the disk, or memory under webpack-dev-middleware.
 */
export function applyWebpack(options: ResolvedOptions, compiler: WebpackLikeCompiler): void {
  const root = options.root ?? compiler.context
  compiler.hooks.afterEmit.tapPromise('assetmap:manifest', async (compilation: EmittedCompilation) => {
    // Nothing imports the static files: in watch mode, only these make an edit (or a new file) rebuild.
    if (options.static.length > 0) {
      const { dirs, files } = staticWatchPaths(options.static, root)
      for (const dir of dirs) compilation.contextDependencies.add(dir)
      for (const file of files) compilation.fileDependencies.add(file)
    }
    const outDir = compilation.outputOptions.path
    if (!outDir || compilation.errors.length > 0) return
    // What reads the compilation and completes the build is loaded when a build ends, not when the bundler loads the plugin.
    const { collectWebpackCompilation } = await import('../core/collectWebpackCompilation.ts')
    const { writeBuildManifest } = await import('../core/writeBuildManifest.ts')
    const { buildSummary } = await import('../core/buildSummary.ts')
    const map = collectWebpackCompilation(compilation, root)
    // webpack frees emitted sources after emit; the bytes are read back through its own file system.
    const fs = compiler.outputFileSystem as CallbackFileSystem | null | undefined
    const io = fs ? await (await import('@assetmap/engine')).callbackFileSystemIO(fs, outDir) : undefined
    let warnings = 0
    const warn = (message: string): void => {
      warnings++
      compilation.warnings.push(new compiler.webpack.WebpackError(`[assetmap] ${message}`))
    }
    const base = manifestBase(options, compiler.options.output.publicPath)
    const pinned = pinnedBaseWarning('`output.publicPath`', compiler.options.output.publicPath, "`output.publicPath: 'auto'` and pass the URL as the plugin's `base` option or ASSETMAP_BASE_URL")
    if (pinned !== undefined) warn(pinned)
    const manifest = await writeBuildManifest(map, { outDir, root, base, pinnedBase: pinnedBase(compiler.options.output.publicPath), options, warn, ...(io ? { io } : {}) })
    // Shown with the stats (`LOG from assetmap`), so `stats: 'errors-warnings'` or quieter hides it.
    compilation.getLogger('assetmap').info(buildSummary(outDir, manifest, warnings))
  })
}
