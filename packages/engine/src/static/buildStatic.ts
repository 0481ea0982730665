import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import type { OutputFile } from '../createManifest.ts'
import { piecesSize } from './rewrite/applyEdits.ts'
import { sourceMapToolsReady } from './rewrite/composeSourceMap.ts'
import { contentDigest, type ContentDigest } from './hash/contentDigest.ts'
import { hashedName } from './hash/hashedName.ts'
import { hashStaticFiles, type StaticOutput } from './hash/hashStaticFiles.ts'
import { jsLexerReady } from './references/jsReferences.ts'
import { parseStaticFile, textKind, type ParsedFile } from './references/parseStaticFile.ts'
import { createTextStore } from './read/textStore.ts'
import type { StaticDirOption, StaticFile } from './types.ts'
import { resolveStaticDirs, walkStaticDirs, type FollowedLink, type ShadowedFile } from './walk/walkStaticDirs.ts'
import { copyOpaqueFile, writeOutputFile } from './output/writeOutputFiles.ts'

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
   * @deprecated No effect: the engine reads, hashes and writes in the calling thread. Writer
   * threads were measured to buy no wall time (see the collectstatic benchmark) and cost memory.
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

/**
 * CSS and JS kept in memory between reading and rewriting, at most; files past it are read again
 * when rewritten, so that memory does not grow with the tree.
 */
const KEPT_BYTES = 8 * 1024 * 1024

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
 * Memory stays bounded: other files are streamed in chunks, and CSS and JS are written as soon as
 * they are rendered.
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
  const { outDir } = options
  const keepOriginals = options.keepOriginals !== false
  const assets = new Map<string, string>()
  const written = new Map<string, OutputFile>()
  const finished = new Map<string, string>()
  let writtenCount = 0
  const makeFolders = (): void => {
    for (const folder of new Set(files.map((file) => dirname(join(outDir, file.name))))) mkdirSync(folder, { recursive: true })
  }
  const done = (name: string, output: string, size: number, digest: ContentDigest): void => {
    assets.set(name, output)
    written.set(output, { size, integrity: digest.integrity })
    options.onProgress?.('write', ++writtenCount, files.length)
  }

  // Strict builds write nothing until every reference is known to resolve.
  if (!options.strict) makeFolders()
  const opaque: StaticFile[] = []
  const rest: StaticFile[] = []
  for (const file of files) (textKind(file.name) === undefined && !MAP_LIKE.test(file.name) ? opaque : rest).push(file)
  await jsLexerReady()
  const known = new Map(files.map((file) => [file.name, file]))
  const basePath = options.basePath ?? '/static/'
  const texts = createTextStore(KEPT_BYTES)
  const emit = (parsed: ParsedFile, { name, output, pieces, unchanged, digest }: StaticOutput): void => {
    writeOutputFile(outDir, { kind: 'hashed', path: output, bytes: pieces, alias: keepOriginals && unchanged ? name : undefined })
    if (keepOriginals && !unchanged) writeOutputFile(outDir, { kind: 'original', path: name, bytes: [texts.load(parsed)] })
    finished.set(name, digest.hash)
    done(name, output, piecesSize(pieces), digest)
  }
  const emitAsRead = (parsed: ParsedFile, bytes: Uint8Array): void => {
    const digest = contentDigest(bytes)
    emit(parsed, { name: parsed.file.name, output: hashedName(parsed.file.name, digest.hash), pieces: [bytes], unchanged: true, digest })
  }
  const finals: ParsedFile[] = []
  const parsed = rest.map((file, index) => {
    const bytes = texts.read(file.path)
    const result = parseStaticFile(file, bytes, known, basePath, report)
    if (!isFinalAsRead(result)) texts.keep(result, bytes)
    else if (options.strict) finals.push(texts.keep(result, bytes))
    else emitAsRead(texts.drop(result), bytes)
    options.onProgress?.('read', index + 1, rest.length)
    return result
  })
  if (options.strict && broken.length > 0) {
    throw new AssetmapError('BROKEN_REFERENCE', `${broken.length} broken reference(s) in the static dirs (strict mode):\n  - ${broken.join('\n  - ')}`, { value: broken })
  }
  if (options.strict) makeFolders()
  for (const final of finals) emitAsRead(final, texts.load(final))
  // Images, fonts and other files that are never rewritten: their hash depends on nothing else.
  for (const file of opaque) {
    const { output, size, digest } = copyOpaqueFile(outDir, file.path, file.name, keepOriginals ? file.name : undefined)
    finished.set(file.name, digest.hash)
    done(file.name, output, size, digest)
  }
  const byName = new Map(parsed.map((result) => [result.file.name, result]))
  if (parsed.some((result) => result.refs.some((ref) => ref.kind === 'sourcemap'))) await sourceMapToolsReady()
  hashStaticFiles(parsed, (output) => emit(byName.get(output.name)!, output), new Map(finished), texts.load)
  return { assets, files: written, warnings, links, shadowed }
}
