import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import type { OutputFile } from '../createManifest.ts'
import { sourceMapToolsReady } from './composeSourceMap.ts'
import { contentDigest } from './contentDigest.ts'
import { createOutputWriter, writeFailed } from './createOutputWriter.ts'
import { createFileReader } from './fileReader.ts'
import { hashedName } from './hashedName.ts'
import { hashStaticFiles, type StaticOutput } from './hashStaticFiles.ts'
import { jsLexerReady } from './jsReferences.ts'
import { parseStaticFile, textKind, type ParsedFile } from './parseStaticFile.ts'
import { createSharedArena } from './sharedArena.ts'
import type { StaticDirOption, StaticFile } from './types.ts'
import { resolveStaticDirs, walkStaticDirs, type FollowedLink, type ShadowedFile } from './walkStaticDirs.ts'
import type { CopiedFile, WriteJob } from './writeOutputFiles.ts'

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
  /**
   * Worker threads that write files (and read, hash and write those never rewritten) while the
   * calling thread parses and hashes the rest; 0 does everything in the calling thread.
   * @default one less than the cores (at least 1) for 500 files or more, else 0
   */
  threads?: number
  /**
   * When two dirs hold a file of the same logical name, use the earlier dir's (Django's
   * override order) and list the other in `shadowed`, instead of failing with `DUPLICATE_NAME`.
   * @default false
   */
  firstWins?: boolean
  /** Receives each warning. @default console.warn */
  onWarning?: (message: string) => void
  /** Told how many files are done, per phase, for progress displays. @default undefined */
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void
}

/** What `buildStatic` wrote. */
export interface StaticBuildResult {
  /** Logical name → hashed output path. */
  assets: Map<string, string>
  /** Hashed output path → size and integrity. */
  files: Map<string, OutputFile>
  /** Every warning, also given to `onWarning`. */
  warnings: string[]
  /** Symbolic links the build followed to files or folders outside every static dir. */
  links: FollowedLink[]
  /** Files not used because an earlier dir has one of the same logical name (`firstWins`). */
  shadowed: ShadowedFile[]
}

/** Below this many files worker threads cost more to start than they save. */
const THREADED_MIN_FILES = 500

/** Whether a file is final as read: nothing to rewrite, and not a source map a rewritten file may recompose. */
function isFinalAsRead(parsed: ParsedFile): boolean {
  return parsed.refs.length === 0 && !MAP_LIKE.test(parsed.file.name)
}

const MAP_LIKE = /\.(map|json)$/i

/**
 * Hashes every file of the static dirs, rewriting references inside CSS and JS to the hashed
 * names, and writes the hashed files (plus the originals, unless `keepOriginals: false`) into
 * `outDir`. Hashed names are content-addressed, so a file already on disk is not written again.
 * An original that nothing rewrote is a hard link to its hashed file where the file system allows.
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
  const links: FollowedLink[] = []
  const shadowed: ShadowedFile[] = []
  const files = await walkStaticDirs(resolveStaticDirs(options.dirs, options.root), {
    firstWins: options.firstWins === true,
    onOutsideLink: (link) => links.push(link),
    onShadowed: (file) => shadowed.push(file),
    onDangling({ name, link, target, reason }) {
      report.warn(`${name}: the link ${link} leads to ${target}, which ${reason}; skipped.`)
      report.broken(`${name} → ${target} (dangling link)`)
    },
  })
  const makeFolders = (): void => {
    for (const folder of new Set(files.map((file) => dirname(join(options.outDir, file.name))))) mkdirSync(folder, { recursive: true })
  }
  if (!options.strict) makeFolders()
  const writer = createOutputWriter(options.outDir, {
    threads: options.threads ?? (files.length >= THREADED_MIN_FILES ? Math.max(1, availableParallelism() - 1) : 0),
    capacity: files.length * 2,
    onWritten: (count) => options.onProgress?.('write', count, files.length),
  })
  // Strict builds write nothing until every reference is known to resolve.
  const held: WriteJob[] | undefined = options.strict ? [] : undefined
  const write = (job: WriteJob): void => (held ? void held.push(job) : writer.write(job))
  const assets = new Map<string, string>()
  const written = new Map<string, OutputFile>()
  const finished = new Map<string, string>()
  const keepOriginals = options.keepOriginals !== false
  const emit = ({ name, output, bytes, unchanged, digest }: StaticOutput): void => {
    assets.set(name, output)
    written.set(output, { size: bytes.byteLength, integrity: digest.integrity })
    write({ kind: 'hashed', path: output, bytes, alias: keepOriginals && unchanged ? name : undefined })
  }
  try {
    // Images, fonts and other files that are never rewritten go straight to the writer, which
    // reads, hashes and writes them while this thread parses the CSS and JS.
    const opaque: StaticFile[] = []
    const rest: StaticFile[] = []
    for (const file of files) (textKind(file.name) === undefined && !MAP_LIKE.test(file.name) ? opaque : rest).push(file)
    const copyOpaque = (): { collect(): Promise<CopiedFile[]> } => writer.copy(opaque.map((file) => ({ source: file.path, name: file.name, keepOriginal: keepOriginals })))
    const copies = held ? undefined : copyOpaque()
    await jsLexerReady()
    const known = new Map(files.map((file) => [file.name, file]))
    const basePath = options.basePath ?? '/static/'
    const originalsWritten = new Set<string>()
    const reader = createFileReader()
    // What the writer threads get (originals as read, rewritten files) is shared with them, not copied.
    const arena = createSharedArena()
    // Synchronous reads: for thousands of small files the promise API's per-call overhead costs more than the work.
    const parsed = rest.map((file, index) => {
      let bytes: Uint8Array
      try {
        bytes = arena.copy(reader.read(file.path))
      } catch (error) {
        throw writeFailed({ message: (error as Error).message, path: file.path, action: 'read' })
      }
      const result = parseStaticFile(file, bytes, known, basePath, report)
      if (isFinalAsRead(result)) {
        const digest = contentDigest(result.bytes)
        finished.set(file.name, digest.hash)
        emit({ name: file.name, output: hashedName(file.name, digest.hash), bytes: result.bytes, unchanged: true, digest })
      } else if (keepOriginals && result.scanned) {
        originalsWritten.add(file.name)
        write({ kind: 'original', path: file.name, bytes: result.bytes })
      }
      options.onProgress?.('read', index + 1, rest.length)
      return result
    })
    if (options.strict && broken.length > 0) {
      throw new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
    }
    if (held) makeFolders()
    for (const job of held ?? []) writer.write(job)
    for (const { name, output, size, digest } of await (copies ?? copyOpaque()).collect()) {
      assets.set(name, output)
      written.set(output, { size, integrity: digest.integrity })
      finished.set(name, digest.hash)
    }
    const byName = new Map(parsed.map((result) => [result.file.name, result]))
    if (parsed.some((result) => result.refs.some((ref) => ref.kind === 'sourcemap'))) await sourceMapToolsReady()
    hashStaticFiles(
      parsed,
      (output) => {
        emit(output)
        if (keepOriginals && !output.unchanged && !originalsWritten.has(output.name)) writer.write({ kind: 'original', path: output.name, bytes: byName.get(output.name)!.bytes })
      },
      finished,
      arena.alloc,
    )
    await writer.close()
    return { assets, files: written, warnings, links, shadowed }
  } catch (error) {
    writer.abort()
    throw error
  }
}
