import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { AssetmapError, normalizeBaseUrl } from '@assetmap/runtime/internal'
import type { Encoding } from '../compress/encodings.ts'
import { createManifest } from '../record/createManifest.ts'
import type { OutputFile } from '../table/types.ts'
import type { BuildStaticOptions, StaticBuildResult } from '../plan/staticOptions.ts'
import type { PreparedSources } from '../plan/unchangedBuild.ts'
import { writeManifest } from '../record/writeManifest.ts'
import { completeStatic } from '../record/completeStatic.ts'
import { completeFromSession } from '../record/sessionManifest.ts'
import type { CompleteBuildOptions, CompleteBuildResult } from './completeOptions.ts'
import { forgetManifestStamp, keepManifestStamp } from '../outDir/manifestStamp.ts'
import type { OutputIO } from '../io/outputIO.ts'
import { removeStaleVariants } from '../compress/removeStaleVariants.ts'
import { copyStaged, withStagingDir } from '../io/stagingDir.ts'
import { importMapOn } from '../table/importMapMode.ts'
import type { ManifestImportMap } from '@assetmap/runtime'

/** What `completeBuild` settled before it found that the last build's output cannot be taken as it is. */
export interface BuildToWrite {
  options: CompleteBuildOptions
  io: OutputIO
  /** The base URL, normalized. */
  base: string
  /** The options that shape the manifest, as the manifest stamp records them. */
  inputs: string
  /** Whether the manifest written may be stamped for the next build to take as it is. */
  keepable: boolean
  staticOptions: BuildStaticOptions | undefined
  /** What a probe of the static dirs walked and read, when one ran. */
  prepared: PreparedSources | undefined
}

/**
 * The rest of `completeBuild`: hash the static dirs into the output, precompress if asked, remove
 * variants that no longer match a rewritten file, then write the manifest, last and atomically.
 */
export async function writeBuild({ options, io, base, inputs, keepable, staticOptions, prepared }: BuildToWrite): Promise<CompleteBuildResult> {
  const { outDir } = options
  const bundle = options.bundle
  const bundleFiles = [...(bundle?.files ?? [])]
  const read = bundle?.read ?? ((path: string) => io.readFile(join(outDir, path)))
  const bundleBytes = new Map<string, Uint8Array>()
  for (const [index, bytes] of (await Promise.all(bundleFiles.map((path) => read(path)))).entries()) bundleBytes.set(bundleFiles[index]!, bytes)
  const files = new Map<string, Uint8Array | OutputFile>(bundleBytes)
  const assets = new Map(bundle?.assets ?? [])
  const staticResult = staticOptions ? await buildStaticInto(io, outDir, staticOptions, prepared) : undefined
  // Import-map mode records the module graph, which the static-only fast paths below do not encode.
  const importMap = staticResult && staticOptions && importMapOn(staticOptions.importMap) ? await importMapRecord(staticResult, staticOptions, (path) => io.readFile(join(outDir, path))) : undefined
  if (staticResult !== undefined && bundle === undefined && !options.compress?.length && importMap === undefined) {
    const pinnedBase = options.pinnedBase === undefined ? undefined : normalizeBaseUrl(options.pinnedBase)
    const stampInputs = options.static?.cache !== false ? inputs : undefined
    const build = { io, outDir, session: options.static?.session, base, pinnedBase, release: options.release, stampInputs }
    // A watch's rebuild: the manifest its session kept, with only what changed made again.
    const done = io.onDisk ? await completeFromSession(build, staticResult) : undefined
    if (done !== undefined) return { ...done, release: done.manifest.release, static: staticResult }
    // Any other: encoded straight from the static stage's records; the `Manifest` object is made only if asked for.
    const written = await completeStatic(build, staticResult)
    if (written !== undefined) {
      const make = () => createManifest({ base, pinnedBase, release: written.release, assets: staticResult.assets, entries: [], files: staticResult.files })
      // A session's records change with its next build: its manifest is made now, from this one's.
      let manifest = build.session === undefined ? undefined : make()
      return { get manifest() { return (manifest ??= make()) }, ...written, static: staticResult }
    }
  }
  for (const [name, output] of staticResult?.assets ?? []) {
    if (assets.has(name)) {
      throw new AssetmapError('DUPLICATE_NAME', `"${name}" is both a bundler output (${assets.get(name)}) and a static file (${output}). Give the static dir a prefix.`, {
        value: name,
      })
    }
    assets.set(name, output)
  }
  for (const [path, file] of staticResult?.files ?? []) files.set(path, file)
  // Hashed static files are content-named: the variants an earlier build left beside them are theirs.
  const contentNamed = (path: string): boolean => staticResult?.files.has(path) === true
  const encodings = options.compress?.length ? await compressThrough(io, outDir, [...files.keys()], bundleBytes, options.compress, options.onCompressProgress, contentNamed) : undefined
  // Hashed static files are content-addressed: a variant beside one encodes these very bytes.
  // Bundle files and static originals may keep their name across different content.
  const rewritten = [...bundleFiles, ...(staticResult?.originals ?? [])]
  const removedVariants = await removeStaleVariants({
    io,
    outDir,
    written: rewritten,
    bytes: async (path) => bundleBytes.get(path) ?? io.readFile(join(outDir, path)),
    fresh: encodings ?? new Map(),
  })
  const manifest = createManifest({ base, pinnedBase: options.pinnedBase, release: options.release, assets, entries: bundle?.entries ?? [], files, encodings, importMap })
  const manifestPath = await writeManifest(outDir, manifest, io)
  if (keepable) keepManifestStamp(outDir, inputs, manifest.release, assets.keys())
  else if (io.onDisk) forgetManifestStamp(outDir)
  return { manifest, release: manifest.release, manifestPath, static: staticResult, removedVariants }
}

/** The manifest's `importMap` of an import-map build (loaded only then: it brings the JS lexer). */
async function importMapRecord(result: StaticBuildResult, options: BuildStaticOptions, read: (path: string) => Promise<Uint8Array>): Promise<ManifestImportMap> {
  const { recordImportMap } = await import('../record/recordImportMap.ts')
  const specifiers = typeof options.importMap === 'object' ? (options.importMap.specifiers ?? {}) : {}
  return recordImportMap({ assets: result.assets, read, basePath: options.basePath ?? '/static/', specifiers })
}

/**
 * The static stage writes real files; elsewhere (memory) it runs in a staging folder that is
 * then copied in. Loaded only when a build has static dirs: it brings the JS lexer and source-map tools.
 */
async function buildStaticInto(io: OutputIO, outDir: string, options: BuildStaticOptions, prepared: PreparedSources | undefined): Promise<StaticBuildResult> {
  const { buildStatic } = await import('./buildStatic.ts')
  if (io.onDisk) return buildStatic(options, prepared)
  return withStagingDir(async (dir) => {
    // A staging folder is new each time: a build cache there would never be read again.
    const result = await buildStatic({ ...options, outDir: dir, cache: false })
    await copyStaged(dir, io, outDir)
    return result
  })
}

/** Precompresses `paths` in place on disk; elsewhere, copies of them in a staging folder, whose variants are copied in. */
async function compressThrough(
  io: OutputIO,
  outDir: string,
  paths: string[],
  known: ReadonlyMap<string, Uint8Array>,
  encodings: readonly Encoding[],
  onProgress: ((done: number, total: number) => void) | undefined,
  contentNamed: (path: string) => boolean,
): Promise<Map<string, Encoding[]>> {
  const { compressFiles } = await import('../compress/compressFiles.ts')
  const compress = (dir: string) => compressFiles({ dir, paths, encodings, contentNamed, ...(onProgress ? { onProgress } : {}) })
  if (io.onDisk) return (await compress(outDir)).encodings
  return withStagingDir(async (dir) => {
    for (const path of paths) {
      await mkdir(dirname(join(dir, path)), { recursive: true })
      await writeFile(join(dir, path), known.get(path) ?? (await io.readFile(join(outDir, path))))
    }
    const result = await compress(dir)
    // Only the variants go back: the files themselves are already in `io`.
    const staged = new Set(paths)
    await copyStaged(dir, io, outDir, (path) => !staged.has(path))
    return result.encodings
  })
}
