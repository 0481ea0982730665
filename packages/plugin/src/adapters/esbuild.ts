import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { collectEsbuildMetafile, type EsbuildLikeOutput } from '../core/collectEsbuildMetafile.ts'
import { manifestBase } from '../core/options.ts'
import { writeBuildManifest } from '../core/writeBuildManifest.ts'
import type { ResolvedOptions } from '../types.ts'

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
  }
  onEnd(callback: (result: EsbuildLikeResult) => Promise<void> | void): void
}

interface EsbuildLikeResult {
  errors: unknown[]
  warnings: Array<{ text: string }>
  metafile?: { outputs: Record<string, EsbuildLikeOutput> }
  outputFiles?: Array<{ path: string; contents: Uint8Array }>
}

function entryPaths(entryPoints: EntryPoints | undefined, cwd: string): string[] {
  const list = Array.isArray(entryPoints) ? entryPoints.map((entry) => (typeof entry === 'string' ? entry : entry.in)) : Object.values(entryPoints ?? {})
  return list.map((path) => resolve(cwd, path))
}

/** Asks esbuild for its metafile and writes the manifest when a build ends without errors. */
export function setupEsbuild(options: ResolvedOptions, build: EsbuildLikeBuild): void {
  build.initialOptions.metafile = true
  build.onEnd(async (result) => {
    const initial = build.initialOptions
    if (result.errors.length > 0 || !result.metafile || !(initial.outdir ?? initial.outfile)) return
    const cwd = initial.absWorkingDir ?? process.cwd()
    const outDir = resolve(cwd, initial.outdir ?? dirname(initial.outfile!))
    const root = options.root ?? cwd
    const map = collectEsbuildMetafile(result.metafile.outputs, { root, cwd, outDir, entries: entryPaths(initial.entryPoints, cwd), format: initial.format })
    // With `write: false` the bytes exist only in memory.
    const inMemory = new Map(result.outputFiles?.map((file) => [file.path, file.contents]))
    const read = (path: string): Uint8Array => inMemory.get(join(outDir, path)) ?? readFileSync(join(outDir, path))
    const warn = (message: string): void => {
      result.warnings.push({ text: `[assetmap] ${message}` })
    }
    await writeBuildManifest(map, { outDir, root, base: manifestBase(options, initial.publicPath), options, warn, read })
  })
}
