export { buildCommand, type BuildCommandOptions, type BuildSummary } from './commands/build.ts'
export { compressCommand, type CompressCommandOptions, type CompressSummary } from './commands/compress.ts'
export { formatManifest, inspectCommand, type InspectOptions, type InspectReport } from './commands/inspect.ts'
export { findTemplateNames, type TemplateName } from './templateNames.ts'
