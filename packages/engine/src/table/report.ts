/** The warnings (or broken references) of a file parsing had nothing to say of: one shared list, as most files are such, never added to. */
export const NO_NOTES: readonly string[] = Object.freeze([])

/** Where a static build's warnings and broken references go. */
export interface BuildReport {
  /** Every warning, in the order said. */
  warnings: string[]
  /** Every broken reference (a strict build fails listing them). */
  broken: string[]
  /** A warning about the files; in a strict build only collected (the build fails if any reference is broken). */
  warn(message: string): void
  /** A broken reference. */
  broke(description: string): void
  /** A warning about the build itself (a cache not used), said even in a strict build: it explains a slower build, not a problem of the files. */
  note(message: string): void
  /** Says again what parsing a file said when an earlier build parsed it. */
  repeat(notes: { readonly warnings: readonly string[]; readonly broken: readonly string[] } | undefined): void
}

/** A report that gives warnings to `onWarning` (default: `console.warn`), unless `strict`. */
export function createReport(options: { strict?: boolean | undefined; onWarning?: ((message: string) => void) | undefined }): BuildReport {
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`[assetmap] ${message}`))
  const report: BuildReport = {
    warnings: [],
    broken: [],
    warn(message) {
      report.warnings.push(message)
      if (!options.strict) onWarning(message)
    },
    broke(description) {
      report.broken.push(description)
    },
    note(message) {
      report.warnings.push(message)
      onWarning(message)
    },
    repeat(notes) {
      for (const message of notes?.warnings ?? []) report.warn(message)
      for (const description of notes?.broken ?? []) report.broke(description)
    },
  }
  return report
}
