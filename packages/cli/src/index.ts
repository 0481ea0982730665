export { buildCommand, type BuildCommandOptions, type BuildSummary } from './commands/build.ts'
export { formatManifest, inspectCommand, type InspectOptions, type InspectReport } from './commands/inspect.ts'
export { findTemplateNames, type TemplateName } from './templateNames.ts'
