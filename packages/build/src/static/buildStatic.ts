import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import { writeFileAtomicSync } from '../writeFileAtomic.ts'
import { hashedName } from './hashedName.ts'
import { hashStaticFiles } from './hashStaticFiles.ts'
import { jsLexerReady } from './jsReferences.ts'
import { parseStaticFile } from './parseStaticFile.ts'
import type { StaticDirOption } from './types.ts'
import { resolveStaticDirs, walkStaticDirs } from './walkStaticDirs.ts'

/** Options of `buildStatic`. */
export interface BuildStaticOptions {
  /** Folders to hash: a path, or `{ dir, prefix }` to put the files under a prefix. */
  dirs: readonly StaticDirOption[]
  /** Folder the dirs are relative to. */
  root: string
  /** Where hashed files (and kept originals) are written. */
  outDir: string
  /**
   * URL path the output dir is served under; absolute references starting with it
   * (`/static/img/x.png`) resolve from the static root and keep the prefix.
   * @default '/static/'
   */
  basePath?: string
  /**
   * Also write each file unhashed under its logical name, for files that need a stable name
   * (`favicon.ico`, `robots.txt`).
   * @default true
   */
  keepOriginals?: boolean
  /**
   * Fail, listing every broken reference, instead of warning.
   * @default false
   */
  strict?: boolean
  /** Receives each warning. @default console.warn */
  onWarning?: (message: string) => void
  /** Told how many files are done, per phase, for progress displays. @default undefined */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void
}

/** What `buildStatic` wrote. */
export interface StaticBuildResult {
  /** Logical name → hashed output path. */
  assets: Map<string, string>
  /** Hashed output path → final bytes. */
  files: Map<string, Uint8Array>
  /** Every warning, also given to `onWarning`. */
  warnings: string[]
}

/**
 * Writes a content-addressed file unless it is already there. No temp file is needed: no
 * manifest names the file until it is complete (the manifest is written last), and a file cut
 * short by a crash has the wrong size, so the next build writes it again.
 */
function writeHashedFile(path: string, bytes: Uint8Array): void {
  if (statSync(path, { throwIfNoEntry: false })?.size === bytes.byteLength) return
  writeFileSync(path, bytes)
}

/**
 * Hashes every file of the static dirs, rewriting references inside CSS and JS to the hashed
 * names, and writes the hashed files (plus the originals, unless `keepOriginals: false`) into
 * `outDir`. Hashed names are content-addressed, so a file already on disk is not written again.
 */
export async function buildStatic(options: BuildStaticOptions): Promise<StaticBuildResult> {
  const warnings: string[] = []
  const broken: string[] = []
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`[assetmap] ${message}`))
  const report = {
    warn(message: string) {
      warnings.push(message)
      if (!options.strict) onWarning(message)
    },
    broken(description: string) {
      broken.push(description)
    },
  }
  const files = await walkStaticDirs(resolveStaticDirs(options.dirs, options.root))
  await jsLexerReady()
  const known = new Set(files.map((file) => file.name))
  const basePath = options.basePath ?? '/static/'
  let done = 0
  const progress = (phase: 'read' | 'write', total: number): void => options.onProgress?.(phase, ++done, total)
  // Synchronous I/O: for thousands of small files the promise API's per-call overhead costs more than the work.
  const parsed = files.map((file) => {
    const result = parseStaticFile(file, readFileSync(file.path), known, basePath, report)
    progress('read', files.length)
    return result
  })
  if (options.strict && broken.length > 0) {
    throw new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
  }
  const { hashes, outputs } = hashStaticFiles(parsed)

  const assets = new Map<string, string>()
  const written = new Map<string, Uint8Array>()
  for (const { file } of parsed) {
    const output = hashedName(file.name, hashes.get(file.name)!)
    assets.set(file.name, output)
    written.set(output, outputs.get(file.name)!)
  }
  for (const folder of new Set([...assets.values()].map((output) => dirname(join(options.outDir, output))))) mkdirSync(folder, { recursive: true })
  done = 0
  for (const [output, bytes] of written) {
    writeHashedFile(join(options.outDir, output), bytes)
    progress('write', written.size)
  }
  // Originals keep a stable name that running servers read: those are replaced atomically.
  if (options.keepOriginals !== false) for (const { file, bytes } of parsed) writeFileAtomicSync(join(options.outDir, file.name), bytes)
  return { assets, files: written, warnings }
}
