import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import { mapLimit } from '../mapLimit.ts'
import { writeFileAtomic } from '../writeFileAtomic.ts'
import { hashedName } from './hashedName.ts'
import { hashStaticFiles } from './hashStaticFiles.ts'
import { jsLexerReady } from './jsReferences.ts'
import { parseStaticFile } from './parseStaticFile.ts'
import type { StaticDirOption } from './types.ts'
import { resolveStaticDirs, walkStaticDirs } from './walkStaticDirs.ts'

const IO_CONCURRENCY = 64

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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
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
  const parsed = await mapLimit(files, IO_CONCURRENCY, async (file) => {
    const result = parseStaticFile(file, await readFile(file.path), known, basePath, report)
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
  done = 0
  await mapLimit([...written], IO_CONCURRENCY, async ([output, bytes]) => {
    const target = join(options.outDir, output)
    if (!(await exists(target))) await writeFileAtomic(target, bytes)
    progress('write', written.size)
  })
  if (options.keepOriginals !== false) {
    await mapLimit(parsed, IO_CONCURRENCY, ({ file, bytes }) => writeFileAtomic(join(options.outDir, file.name), bytes))
  }
  return { assets, files: written, warnings }
}
