/**
 * `@assetmap/engine/internal`: what the plugin and the CLI share with the engine. Not covered by
 * semver: any release may change it. Import `@assetmap/engine` instead.
 *
 * Kept cheap to import (the plugin loads it at start-up): nothing here loads the static engine,
 * the compressor or the source-map tools; `completeBuild` loads each only when asked to run it.
 * @packageDocumentation
 */
export { checkOutputDir } from './outDir/checkOutputDir.ts'
export { integrity } from './io/integrity.ts'
export { resolveEncodings } from './compress/encodings.ts'
export { validateRelease } from './outDir/validateRelease.ts'
export { writeFileAtomic } from './io/writeFileAtomic.ts'
export { resolveStaticDirs } from './walk/walkStaticDirs.ts'
export { runningBuilds, type RunningBuild } from './outDir/buildMarker.ts'
