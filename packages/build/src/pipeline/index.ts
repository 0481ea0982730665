// `@assetmap/build/pipeline`: what a bundler plugin needs at start-up, without loading the static
// engine, the compressor or the source-map tools (completeBuild loads each only when asked to run it).
export { completeBuild, type BundleOutput, type CompleteBuildOptions, type CompleteBuildResult } from './completeBuild.ts'
export { callbackFileSystemIO, memoryIO, nodeIO, type CallbackFileSystem, type OutputIO } from './outputIO.ts'
export { resolveEncodings, type Encoding } from '../compress/encodings.ts'
export { validateRelease } from '../createManifest.ts'
export { writeFileAtomic } from '../writeFileAtomic.ts'
export { resolveStaticDirs } from '../static/walkStaticDirs.ts'
export type { StaticDirOption } from '../static/types.ts'
