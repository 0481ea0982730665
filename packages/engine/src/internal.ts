/**
 * `@assetmap/engine/internal`: what the plugin and the CLI share with the engine. Not covered by
 * semver: any release may change it. Import `@assetmap/engine` instead.
 *
 * Kept cheap to import (the plugin loads it at start-up): nothing here loads the static engine,
 * the compressor or the source-map tools; `completeBuild` loads each only when asked to run it.
 * @packageDocumentation
 */
export { checkOutputDir } from './checkOutputDir.ts'
export { integrity } from './integrity.ts'
export { resolveEncodings } from './compress/encodings.ts'
export { validateRelease } from './validateRelease.ts'
export { writeFileAtomic } from './writeFileAtomic.ts'
export { resolveStaticDirs } from './static/walk/walkStaticDirs.ts'
export { runningBuilds, type RunningBuild } from './buildMarker.ts'
