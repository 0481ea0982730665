import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { integrity } from '@assetmap/engine/internal'
import type { Manifest } from '@assetmap/runtime'
import { closestNames, manifestFilePath, readManifestFile } from '@assetmap/runtime/internal'
import { requireFolder } from '../folderArgument.ts'
import { findTemplateNames } from '../templateNames.ts'

/** Options of `assetmap inspect`. */
export interface InspectOptions {
  /** An output folder (its `assetmap.json` is read) or the path of a manifest file. */
  manifest: string
  /** Check that every listed file exists and matches its integrity. @default false */
  check?: boolean
  /** Check that every name the templates under this folder use is in the manifest. @default undefined */
  templates?: string
}

/** What `assetmap inspect` found; `problems` empty means every check passed. */
export interface InspectReport {
  path: string
  manifest: Manifest
  problems: string[]
  checkedFiles: number
  templateNames: number
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

async function checkTemplates(manifest: Manifest, dir: string, problems: string[]): Promise<number> {
  const names = await findTemplateNames(dir)
  const entries = Object.keys(manifest.entries)
  const assets = Object.keys(manifest.assets)
  for (const use of names) {
    const known = use.kind === 'entry' ? Object.hasOwn(manifest.entries, use.name) : Object.hasOwn(manifest.assets, use.name)
    if (known) continue
    const close = closestNames(use.name, use.kind === 'entry' ? entries : assets)
    const hint = close.length > 0 ? ` (did you mean ${close.map((n) => JSON.stringify(n)).join(', ')}?)` : ''
    problems.push(`${use.file}:${use.line}: ${use.kind} ${JSON.stringify(use.name)} is not in the manifest${hint}`)
  }
  return names.length
}

/** Loads a manifest and runs the checks asked for. */
export async function inspectCommand(options: InspectOptions): Promise<InspectReport> {
  const templates = options.templates === undefined ? undefined : requireFolder(options.templates, process.cwd(), '--templates', 'give the folder that holds your templates')
  const path = manifestFilePath(options.manifest)
  const manifest = readManifestFile(path, "give inspect the build's output folder or its assetmap.json")
  const problems: string[] = []
  const checkedFiles = options.check ? await checkFiles(manifest, dirname(path), problems) : 0
  const templateNames = templates === undefined ? 0 : await checkTemplates(manifest, templates, problems)
  return { path, manifest, problems, checkedFiles, templateNames }
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
