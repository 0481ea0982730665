import { dirname, resolve } from 'node:path'
import type { EsbuildLikeOutput } from '../core/collectEsbuildMetafile.ts'
import { manifestBase } from '../core/options.ts'
import type { ResolvedOptions } from '../types.ts'

/** esbuild log levels that print its own build summary (the CLI's default is `info`, the API's `warning`). */
const INFO_LEVELS = new Set(['info', 'debug', 'verbose'])

type EntryPoints = string[] | Record<string, string> | Array<{ in: string; out: string }>

/** The parts of an esbuild plugin build assetmap uses. */
export interface EsbuildLikeBuild {
  initialOptions: {
    metafile?: boolean
    absWorkingDir?: string
    outdir?: string
    outfile?: string
    format?: string
    publicPath?: string
    entryPoints?: EntryPoints
    write?: boolean
    logLevel?: string
  }
  onEnd(callback: (result: EsbuildLikeResult) => Promise<void> | void): void
}

/** esbuild's OutputFile: `text` is a lazy getter on esbuild's own objects. */
interface EsbuildLikeOutputFile {
  path: string
  contents: Uint8Array
  hash: string
  readonly text: string
}

interface EsbuildLikeResult {
  errors: unknown[]
  warnings: Array<{ text: string }>
  metafile?: { outputs: Record<string, EsbuildLikeOutput> }
  outputFiles?: EsbuildLikeOutputFile[]
}

function entryPaths(entryPoints: EntryPoints | undefined, cwd: string): string[] {
  const list = Array.isArray(entryPoints) ? entryPoints.map((entry) => (typeof entry === 'string' ? entry : entry.in)) : Object.values(entryPoints ?? {})
  return list.map((path) => resolve(cwd, path))
}

function outputFile(path: string, contents: Uint8Array): EsbuildLikeOutputFile {
  return {
    path,
    contents,
    hash: process.getBuiltinModule('node:crypto').createHash('sha256').update(contents).digest('base64url').slice(0, 16),
    get text() {
      return Buffer.from(contents).toString('utf8')
    },
  }
}

/** Puts what the pipeline wrote in memory back into `outputFiles`: esbuild's files first, in their order, then the new ones. */
function syncOutputFiles(result: EsbuildLikeResult, files: Map<string, Uint8Array>): void {
  const list = result.outputFiles!
  const kept = list.filter((file) => files.get(file.path) === file.contents)
  const known = new Set(kept.map((file) => file.path))
  list.length = 0
  list.push(...kept)
  for (const [path, contents] of files) if (!known.has(path)) list.push(outputFile(path, contents))
}

/**
 * Asks esbuild for its metafile and writes the manifest when a build ends without errors. With
 * `write: false` everything (static files, variants, the manifest) joins `outputFiles` instead of the disk.
 */
export function setupEsbuild(options: ResolvedOptions, build: EsbuildLikeBuild): void {
  build.initialOptions.metafile = true
  build.onEnd(async (result) => {
    const initial = build.initialOptions
    if (result.errors.length > 0 || !result.metafile || !(initial.outdir ?? initial.outfile)) return
    const cwd = initial.absWorkingDir ?? process.cwd()
    const outDir = resolve(cwd, initial.outdir ?? dirname(initial.outfile!))
    const root = options.root ?? cwd
    // What reads the metafile and completes the build is loaded when a build ends, not when the bundler loads the plugin.
    const { collectEsbuildMetafile } = await import('../core/collectEsbuildMetafile.ts')
    const { writeBuildManifest } = await import('../core/writeBuildManifest.ts')
    const map = collectEsbuildMetafile(result.metafile.outputs, { root, cwd, outDir, entries: entryPaths(initial.entryPoints, cwd), format: initial.format })
    let warnings = 0
    const warn = (message: string): void => {
      warnings++
      result.warnings.push({ text: `[assetmap] ${message}` })
    }
    const target = { outDir, root, base: manifestBase(options, initial.publicPath), options, warn }
    const inMemory = initial.write === false && result.outputFiles !== undefined
    const files = new Map(inMemory ? result.outputFiles!.map((file) => [file.path, file.contents]) : [])
    const io = inMemory ? { io: (await import('@assetmap/engine')).memoryIO(files) } : {}
    const manifest = await writeBuildManifest(map, { ...target, ...io })
    if (inMemory) syncOutputFiles(result, files)
    // esbuild has no log for plugins: the line goes where esbuild's own summary does, at the same levels.
    if (INFO_LEVELS.has(initial.logLevel ?? 'warning')) process.stderr.write(`${(await import('../core/buildSummary.ts')).buildSummary(outDir, manifest, warnings)}\n`)
  })
}
