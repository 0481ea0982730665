import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Manifest, ManifestEntry } from '@assetmap/runtime'
import { AssetmapError } from '@assetmap/runtime/internal'
import { MANIFEST_FILE, normalizeBaseUrl } from '@assetmap/runtime/internal'
import { basePath } from '../basePath.ts'
import type { Encoding } from '../compress/encodings.ts'
import { createManifest, type OutputFile } from '../createManifest.ts'
import type { BuildStaticOptions, StaticBuildResult } from '../static/buildStatic.ts'
import { writeManifest } from '../writeManifest.ts'
import { checkOutputDir } from '../checkOutputDir.ts'
import { nodeIO, type OutputIO } from './outputIO.ts'
import { forgetManifestStamp, keepManifestStamp, keptManifest, type KeptManifest } from './keptManifest.ts'
import type { PreparedSources, UnchangedProbe } from '../static/unchangedBuild.ts'
import { removeStaleVariants } from './removeStaleVariants.ts'
import { validateRelease } from '../validateRelease.ts'
import { completeFromSession } from './sessionManifest.ts'
import { completeStatic } from './completeStatic.ts'
import { copyStaged, withStagingDir } from './stagingDir.ts'

/** What a bundler wrote, as its adapter collected it. */
export interface BundleOutput {
  /** Every output file (relative to `outDir`) the manifest must list. */
  files: Iterable<string>
  /** Logical name → output path. */
  assets: Iterable<[string, string]>
  /** Entry name → closure (output paths). */
  entries: Iterable<[string, ManifestEntry]>
  /** Reads a bundle file's final bytes, when the bundler holds them; else they are read through `io`. */
  read?: ((path: string) => Uint8Array | Promise<Uint8Array>) | undefined
}

/** Options of `completeBuild`. */
export interface CompleteBuildOptions {
  /** Output folder (absolute); `assetmap.json` is written at its root. */
  outDir: string
  /** Default base URL recorded in the manifest. */
  base: string
  /** The absolute public path the bundler wrote into its output, if any (`Manifest.pinnedBase`). @default undefined */
  pinnedBase?: string | undefined
  /** Release id. @default a hash of the content */
  release?: string | undefined
  /** What the bundler wrote. @default nothing (a static-only build) */
  bundle?: BundleOutput | undefined
  /** Static dirs to hash into the output (`buildStatic` options less the output folder and base). @default none */
  static?: Omit<BuildStaticOptions, 'outDir' | 'basePath'> | undefined
  /** Precompress the bundle's files and the hashed static files with these encodings. @default [] */
  compress?: readonly Encoding[] | undefined
  /** Told how many files are compressed. @default undefined */
  onCompressProgress?: ((done: number, total: number) => void) | undefined
  /** Where everything is read and written. @default nodeIO (the disk) */
  io?: OutputIO | undefined
}

/** What `completeBuild` wrote. */
export interface CompleteBuildResult {
  /**
   * The manifest written. After a static-only build it is made when first asked for: from
   * `static`'s records when the build wrote it (reading them then: change them only after), or,
   * after a rebuild that changed nothing, read and parsed from the manifest kept (failing with
   * `MANIFEST_INVALID` if the file changed since). With a `static.session` (a watch), its
   * `assets` and `files` are the session's, updated by the next build: copy them to keep this build's.
   */
  manifest: Manifest
  /** Its release id. */
  release: string
  /** Path of `assetmap.json`. */
  manifestPath: string
  /** What the static stage did, when there were static dirs. */
  static: StaticBuildResult | undefined
  /** Variants of rewritten files that no longer matched them and were removed (relative paths). */
  removedVariants: string[]
}

/**
 * Completes every build, bundled or static, the same way: hash the static dirs into the
 * output, precompress if asked, remove variants that no longer match a rewritten file, then
 * write the manifest, last and atomically, naming only files written through `io`.
 */
export async function completeBuild(options: CompleteBuildOptions): Promise<CompleteBuildResult> {
  const io = options.io ?? nodeIO
  const { outDir } = options
  if (io.onDisk) checkOutputDir(outDir, 'outDir')
  const base = normalizeBaseUrl(options.base)
  // Checked before anything is written: the id names the release copy's file.
  if (options.release !== undefined) validateRelease(options.release)
  const bundle = options.bundle
  const bundleFiles = [...(bundle?.files ?? [])]
  const read = bundle?.read ?? ((path: string) => io.readFile(join(outDir, path)))
  const bundleBytes = new Map<string, Uint8Array>()
  for (const [index, bytes] of (await Promise.all(bundleFiles.map((path) => read(path)))).entries()) bundleBytes.set(bundleFiles[index]!, bytes)
  const files = new Map<string, Uint8Array | OutputFile>(bundleBytes)
  const assets = new Map(bundle?.assets ?? [])
  // A static-only build whose every file the cache spares: the manifest it wrote last time, if nothing changed it since.
  const keepable = bundle === undefined && !options.compress?.length && io.onDisk && options.static !== undefined && options.static.cache !== false
  const inputs = JSON.stringify({ base, pinnedBase: options.pinnedBase ?? null, release: options.release ?? null })
  const staticOptions = options.static && { ...options.static, outDir, basePath: basePath(base) }
  const kept = keepable && options.static?.session === undefined ? keptManifest(outDir, inputs) : undefined
  const probe = kept ? await probeUnchanged(staticOptions!, kept) : undefined
  if (kept && probe?.result) {
    // Folders listed because they had changed too recently to vouch for themselves may by now.
    if (probe.listed > 0) kept.restamp(probe.result.assets.keys())
    return { get manifest() { return kept.manifest() }, release: kept.release, manifestPath: join(outDir, MANIFEST_FILE), static: probe.result, removedVariants: [] }
  }
  const staticResult = staticOptions ? await buildStaticInto(io, outDir, staticOptions, probe?.prepared) : undefined
  if (staticResult !== undefined && bundle === undefined && !options.compress?.length) {
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
  const encodings = options.compress?.length ? await compressThrough(io, outDir, [...files.keys()], bundleBytes, options.compress, options.onCompressProgress) : undefined
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
  const manifest = createManifest({ base, pinnedBase: options.pinnedBase, release: options.release, assets, entries: bundle?.entries ?? [], files, encodings })
  const manifestPath = await writeManifest(outDir, manifest, io)
  if (keepable) keepManifestStamp(outDir, inputs, manifest.release, assets.keys())
  else if (io.onDisk) forgetManifestStamp(outDir)
  return { manifest, release: manifest.release, manifestPath, static: staticResult, removedVariants }
}

/**
 * The static stage writes real files; elsewhere (memory) it runs in a staging folder that is
 * then copied in. Loaded only when a build has static dirs: it brings the JS lexer and source-map tools.
 */
async function buildStaticInto(io: OutputIO, outDir: string, options: BuildStaticOptions, prepared: PreparedSources | undefined): Promise<StaticBuildResult> {
  const { buildStatic } = await import('../static/buildStatic.ts')
  if (io.onDisk) return buildStatic(options, prepared)
  return withStagingDir(async (dir) => {
    // A staging folder is new each time: a build cache there would never be read again.
    const result = await buildStatic({ ...options, outDir: dir, cache: false })
    await copyStaged(dir, io, outDir)
    return result
  })
}

/**
 * A rebuild that changed nothing, answered from the build cache and the kept manifest without
 * loading the static stage (`probeUnchangedBuild`); or what the probe walked and read, for the build.
 */
async function probeUnchanged(options: BuildStaticOptions, kept: KeptManifest): Promise<UnchangedProbe> {
  const { probeUnchangedBuild } = await import('../static/unchangedBuild.ts')
  return probeUnchangedBuild(options, kept.settled)
}

/** Precompresses `paths` in place on disk; elsewhere, copies of them in a staging folder, whose variants are copied in. */
async function compressThrough(
  io: OutputIO,
  outDir: string,
  paths: string[],
  known: ReadonlyMap<string, Uint8Array>,
  encodings: readonly Encoding[],
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<Map<string, Encoding[]>> {
  const { compressFiles } = await import('../compress/compressFiles.ts')
  const compress = (dir: string) => compressFiles({ dir, paths, encodings, ...(onProgress ? { onProgress } : {}) })
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
