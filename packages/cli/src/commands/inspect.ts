import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { integrity } from '@assetmap/engine/internal'
import type { Manifest } from '@assetmap/runtime'
import { closestNames, manifestFilePath, readManifestFile } from '@assetmap/runtime/internal'
import { requireFolder } from '../folderArgument.ts'
import { findTemplateNames, type TemplateName } from '../templateNames.ts'

/** Options of `assetmap inspect`. */
export interface InspectOptions {
  /** An output folder (its `assetmap.json` is read) or the path of a manifest file. */
  manifest: string
  /** Check that every listed file exists and matches its integrity. @default false */
  check?: boolean
  /** Check that every name the templates under this folder use is in the manifest. @default undefined */
  templates?: string
  /**
   * The other builds of the app (`createAssets({ builds })`), by name: their output folders or
   * manifests. A template name of one of them (`{% entry 'x' from 'admin' %}`,
   * `static('x', 'admin')`) is checked against its manifest; a name of a build not given is skipped
   * (see `InspectReport.skipped`), unless the build is close to a given one (a typo).
   * @default {}
   */
  builds?: Readonly<Record<string, string>>
}

/** What `assetmap inspect` found; `problems` empty means every check passed. */
export interface InspectReport {
  path: string
  manifest: Manifest
  problems: string[]
  checkedFiles: number
  templateNames: number
  /** Template names of builds not given in `builds`, by build, which were not checked. */
  skipped: Record<string, number>
}

async function checkFiles(manifest: Manifest, outDir: string, problems: string[]): Promise<number> {
  for (const [path, file] of Object.entries(manifest.files)) {
    let bytes: Buffer
    try {
      bytes = await readFile(join(outDir, path))
    } catch {
      problems.push(`${path}: listed in the manifest but missing on disk`)
      continue
    }
    if (integrity(bytes) !== file.integrity || bytes.byteLength !== file.size) problems.push(`${path}: content does not match the manifest's integrity (changed after the build?)`)
  }
  return Object.keys(manifest.files).length
}

/** The name templates give the build `createAssets` loads itself (`static('x', 'default')`). */
const DEFAULT_BUILD = 'default'

/** `name` looked up in `manifest`; a problem, if it is not there. */
function checkName(use: TemplateName, manifest: Manifest, build: string | undefined): string | undefined {
  const list = use.kind === 'entry' ? manifest.entries : use.kind === 'module' ? (manifest.importMap?.modules ?? {}) : manifest.assets
  if (Object.hasOwn(list, use.name)) return undefined
  const close = closestNames(use.name, Object.keys(list))
  const hint = close.length > 0 ? ` (did you mean ${close.map((n) => JSON.stringify(n)).join(', ')}?)` : ''
  const manifestOf = build === undefined ? 'the manifest' : `the manifest of build ${JSON.stringify(build)}`
  const where = use.kind !== 'module' ? manifestOf : manifest.importMap ? `${manifestOf}'s import map` : `${manifestOf}'s import map: it has none (build with --importmap)`
  return `${use.file}:${use.line}: ${use.kind} ${JSON.stringify(use.name)} is not in ${where}${hint}`
}

/** Checks each template name against the manifest of its build; names of builds not given are counted in `skipped`. */
async function checkTemplates(manifest: Manifest, builds: ReadonlyMap<string, Manifest>, dir: string, problems: string[], skipped: Record<string, number>): Promise<number> {
  let checked = 0
  for (const use of await findTemplateNames(dir)) {
    const build = use.build === DEFAULT_BUILD ? undefined : use.build
    const target = build === undefined ? manifest : builds.get(build)
    if (target === undefined) {
      const close = closestNames(build!, [...builds.keys()])
      if (close.length > 0) problems.push(`${use.file}:${use.line}: build ${JSON.stringify(build)} is not one of --builds (did you mean ${close.map((n) => JSON.stringify(n)).join(', ')}?)`)
      else skipped[build!] = (skipped[build!] ?? 0) + 1
      continue
    }
    checked++
    const problem = checkName(use, target, build)
    if (problem !== undefined) problems.push(problem)
  }
  return checked
}

/** Reads a manifest from an output folder or a manifest path, with `remedy` in the error. */
function readManifestAt(given: string, what: string): { path: string; manifest: Manifest } {
  const path = manifestFilePath(given)
  return { path, manifest: readManifestFile(path, `give ${what} the build's output folder or its assetmap.json`) }
}

/** Loads a manifest and runs the checks asked for. */
export async function inspectCommand(options: InspectOptions): Promise<InspectReport> {
  const templates = options.templates === undefined ? undefined : requireFolder(options.templates, process.cwd(), '--templates', 'give the folder that holds your templates')
  const { path, manifest } = readManifestAt(options.manifest, 'inspect')
  const builds = new Map(Object.entries(options.builds ?? {}).map(([name, given]) => [name, readManifestAt(given, `--builds ${name}=`).manifest]))
  const problems: string[] = []
  const skipped: Record<string, number> = {}
  const checkedFiles = options.check ? await checkFiles(manifest, dirname(path), problems) : 0
  const templateNames = templates === undefined ? 0 : await checkTemplates(manifest, builds, templates, problems, skipped)
  return { path, manifest, problems, checkedFiles, templateNames, skipped }
}

/** The line saying which builds' template names were not checked, and how to check them. */
export function skippedNote(skipped: Record<string, number>): string {
  const builds = Object.keys(skipped).sort()
  if (builds.length === 0) return ''
  const count = Object.values(skipped).reduce((sum, n) => sum + n, 0)
  return `skipped ${count} name${count === 1 ? '' : 's'} of other builds (${builds.map((b) => JSON.stringify(b)).join(', ')}): give their output folders with --builds ${builds[0]}=dist/${builds[0]} to check them\n`
}

function humanSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The manifest as a table: each logical name, its output path, size and variants; then the entries. */
export function formatManifest(manifest: Manifest): string {
  const rows = Object.entries(manifest.assets).map(([name, path]) => {
    const file = manifest.files[path]
    return [name, path, file ? humanSize(file.size) : '', file?.encodings?.join(',') ?? '']
  })
  const header = ['name', 'output', 'size', 'encodings']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()
  const pinned = manifest.pinnedBase === undefined ? [] : [`pinned to ${manifest.pinnedBase}: URLs built inside the JS (lazy chunks, new URL(…) assets) ignore ASSETMAP_BASE_URL; build with a relative base to switch CDNs at run time`]
  const out = [`release ${manifest.release}, base ${manifest.base}, ${rows.length} assets, ${Object.keys(manifest.files).length} files`, ...pinned, '', line(header), ...rows.map(line)]
  for (const [name, entry] of Object.entries(manifest.entries)) {
    out.push('', `entry ${name} (${entry.type})`)
    for (const kind of ['css', 'preload', 'js'] as const) for (const path of entry[kind]) out.push(`  ${kind.padEnd(7)} ${path}`)
  }
  return out.join('\n')
}
