import type { Manifest, ManifestEntry } from '@assetmap/runtime'
import type { Encoding } from '../compress/encodings.ts'
import type { BuildStaticOptions, StaticBuildResult } from '../plan/staticOptions.ts'
import type { OutputIO } from '../io/outputIO.ts'

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
