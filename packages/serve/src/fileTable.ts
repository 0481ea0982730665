import { lstatSync, type Stats } from 'node:fs'
import type { Manifest } from '@assetmap/runtime'
import { CACHE_CONTROL, VARIANT_EXTENSIONS } from '@assetmap/runtime/internal'
import type { Current } from './conditional.ts'
import { contentType } from './contentType.ts'
import type { FileIdentity } from './openServedFile.ts'
import { walkServedDir, type ServableFile } from './walkServedDir.ts'

/** Cache-Control of every file the manifest names: its name changes whenever its bytes do. */
export const IMMUTABLE: typeof CACHE_CONTROL.named = CACHE_CONTROL.named

// Variant file extension of each coding, in the server's order of preference.
const VARIANTS = Object.entries(VARIANT_EXTENSIONS)

/** Bytes held in memory, and the state of the file they were read from, to tell whether it is still that file. */
export interface CachedBody {
  bytes: Buffer
  dev: number
  ino: number
  mtimeMs: number
  ctimeMs: number
}

/** One way of sending a file: the identity bytes or a precompressed variant, as the table found it (its real path, inode and change time). */
export interface Representation extends FileIdentity {
  /** Size and modification time the headers were made from: an open file that differs has changed since. */
  size: number
  mtimeMs: number
  /** Whether a manifest vouches for the bytes (its ETag is their hash); otherwise a new change time also means new bytes. */
  vouched: boolean
  etag: string
  /** Headers of a 200, built once. */
  headers: Record<string, string | number>
  /** Headers of a 304. */
  notModified: Record<string, string>
  /** The bytes, once read, while the memory cache has room. */
  body: CachedBody | undefined
}

/** The validators a conditional request is checked against. */
export type Validators = Current

/** A servable URL path and everything needed to answer it without building a header. */
export interface ServedFile extends Validators {
  name: string
  identity: Representation
  /** Coding → variant, for the codings that exist. */
  variants: Map<string, Representation>
  /** Codings with a variant, in the server's order of preference. */
  codings: string[]
  /** Whether the response varies by `Accept-Encoding`. */
  vary: boolean
}

/** How the table's headers are made. */
export interface TableSettings {
  cacheControl: string
  allowOrigin: string | undefined
  compression: boolean
  onWarning: (message: string) => void
}

/** The file table of one manifest (and the earlier releases beside it). */
export interface FileTable {
  manifest: Manifest
  files: Map<string, ServedFile>
}

// Table entries made between two turns of the event loop, so a table of 100,000 files never holds it for long.
const ENTRIES_PER_TURN = 1000

/** Lets the event loop run what is waiting (requests) before going on. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function variantTag(etag: string, coding: string): string {
  return `${etag.slice(0, -1)}-${coding}"`
}

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').slice(1, -1)
}

/**
 * The weak ETag of a file nothing vouches for: its size and change time, to the microsecond. The
 * kernel sets the change time on every write, rename and `utimes`, and no user can set it back,
 * so a same-size rewrite with a pinned modification time (`touch -d`, `SOURCE_DATE_EPOCH`, mtime
 * 0) still gets a new tag. Reading the bytes to hash them would make the first request for each
 * file wait on a whole read; the cost of this tag is that two servers (or two deploys of the
 * same bytes) give different tags, so a revalidation there is a 200 rather than a 304, never stale bytes.
 */
function weakTag(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.round(stats.ctimeMs * 1000).toString(16)}"`
}

/**
 * `Last-Modified` of a file nothing vouches for: the later of its modification and change
 * times. The modification time can be pinned (to 0, `Last-Modified: 1970`) while the bytes
 * change; the change time cannot, so `If-Modified-Since` gets no 304 for bytes written in a later second.
 */
function unvouchedModified(stats: Stats): Date {
  return new Date(Math.max(stats.mtimeMs, stats.ctimeMs))
}

/** A representation of `path` as `stats` describe it, sent with `cacheControl` and the ETag `tag`. */
function represent(name: string, path: string, stats: Stats, tag: string, coding: string | undefined, cacheControl: string, lastModified: Date, vary: boolean, settings: TableSettings): Representation {
  const vouched = !tag.startsWith('W/')
  const notModified: Record<string, string> = { ETag: tag, 'Cache-Control': cacheControl, 'Last-Modified': lastModified.toUTCString() }
  if (vary) notModified.Vary = 'Accept-Encoding'
  // On the 304 too: a CDN that revalidates merges its headers into the copy it keeps.
  if (settings.allowOrigin !== undefined) notModified['Access-Control-Allow-Origin'] = settings.allowOrigin
  const headers: Record<string, string | number> = {
    'Content-Type': contentType(name),
    'Content-Length': stats.size,
    ...notModified,
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
  }
  if (coding !== undefined) headers['Content-Encoding'] = coding
  return { path, dev: stats.dev, ino: stats.ino, ctimeMs: stats.ctimeMs, size: stats.size, mtimeMs: stats.mtimeMs, vouched, etag: tag, headers, notModified, body: undefined }
}

function servedFile(name: string, found: ServableFile, codings: string[], variants: Map<string, ServableFile>, etag: string, cacheControl: string, settings: TableSettings): ServedFile {
  const vary = codings.length > 0
  const strong = !etag.startsWith('W/')
  const lastModified = strong ? found.stats.mtime : unvouchedModified(found.stats)
  const tags = new Set([opaqueTag(etag)])
  const represented = new Map<string, Representation>()
  for (const coding of codings) {
    const tag = variantTag(etag, coding)
    const variant = variants.get(coding)!
    represented.set(coding, represent(name, variant.path, variant.stats, tag, coding, cacheControl, lastModified, vary, settings))
    tags.add(opaqueTag(tag))
  }
  const served: ServedFile = {
    name,
    identity: represent(name, found.path, found.stats, etag, undefined, cacheControl, lastModified, vary, settings),
    variants: represented,
    codings,
    tags,
    strong,
    mtimeSeconds: Math.floor(lastModified.getTime() / 1000),
    vary,
  }
  return served
}

/**
 * Whether an open file is the one the representation's headers were made from. A file the
 * manifest vouches for keeps its headers through a hard link or a `chmod` (which change its
 * change time); any other file's validators come from its change time, so a new one is a change.
 */
export function isAsTabled(rep: Representation, stats: Stats): boolean {
  return stats.size === rep.size && stats.mtimeMs === rep.mtimeMs && (rep.vouched || (stats.ctimeMs === rep.ctimeMs && stats.ino === rep.ino))
}

/**
 * Whether the file at `rep.path` is still a regular file of the size and time the table found:
 * one lstat, run synchronously (answered from the kernel's inode cache).
 */
export function isUnchangedOnDisk(rep: Representation): boolean {
  try {
    const now = lstatSync(rep.path, { throwIfNoEntry: false })
    return now !== undefined && now.isFile() && isAsTabled(rep, now)
  } catch {
    return false
  }
}

/**
 * How to send a file that changed since the table was built (replaced, grown, rewritten):
 * what it holds now, described by the fstat of its open descriptor. Nothing vouches for the new
 * bytes, so they get the short cache and a weak ETag of their own (never `immutable`, even
 * under a hashed name), and only that ETag revalidates them.
 */
export function changedRepresentation(file: ServedFile, rep: Representation, coding: string | undefined, stats: Stats, settings: TableSettings): Representation & Validators {
  const tag = coding === undefined ? weakTag(stats) : variantTag(weakTag(stats), coding)
  const lastModified = unvouchedModified(stats)
  const changed = represent(file.name, rep.path, stats, tag, coding, settings.cacheControl, lastModified, file.vary, settings)
  return { ...changed, tags: new Set([opaqueTag(tag)]), strong: false, mtimeSeconds: Math.floor(lastModified.getTime() / 1000) }
}

/**
 * Builds the table of everything `root` may serve: the files the manifest names (immutable,
 * ETag from their integrity), those that earlier releases' manifests name (still immutable:
 * pages of a server on an older release ask for them during a rolling deploy), and the other
 * files on disk (short cache, weak ETag from size and change time), each with the precompressed
 * variants beside it. Asynchronous: it runs beside the requests, which the previous table answers.
 */
export async function buildFileTable(manifest: Manifest, root: string, manifestPath: string | undefined, settings: TableSettings, releases: readonly Manifest[]): Promise<FileTable> {
  const onDisk = await walkServedDir(root, manifestPath, settings.onWarning)
  const variantsOf = (name: string, allowed: readonly string[] | undefined): [string[], Map<string, ServableFile>] => {
    const codings: string[] = []
    const variants = new Map<string, ServableFile>()
    if (!settings.compression) return [codings, variants]
    for (const [coding, extension] of VARIANTS) {
      const variant = onDisk.get(name + extension)
      if (variant === undefined) continue
      if (allowed !== undefined && !allowed.includes(coding)) continue
      codings.push(coding)
      variants.set(coding, variant)
    }
    return [codings, variants]
  }
  const files = new Map<string, ServedFile>()
  const named = [manifest, ...releases].flatMap((each) => Object.entries(each.files).map(([name, file]) => ({ name, file, current: each === manifest })))
  let made = 0
  for (const { name, file: { integrity, encodings }, current } of named) {
    if (++made % ENTRIES_PER_TURN === 0) await nextTurn()
    if (files.has(name)) continue
    const found = onDisk.get(name)
    if (found === undefined) {
      if (current) settings.onWarning(`${name} is in the manifest but not in ${root}; requests for it get a 404. Deploy the whole build output.`)
      continue
    }
    const [codings, variants] = variantsOf(name, encodings ?? [])
    // 22 base64 characters of the SHA-384 are 132 bits: plenty to tell two versions apart.
    files.set(name, servedFile(name, found, codings, variants, `"${integrity.slice(integrity.indexOf('-') + 1, integrity.indexOf('-') + 23)}"`, IMMUTABLE, settings))
  }
  // A variant is sent as its file's encoding, never as a download of its own.
  const isVariant = (name: string): boolean => VARIANTS.some(([, extension]) => name.endsWith(extension) && onDisk.has(name.slice(0, -extension.length)))
  for (const [name, found] of onDisk) {
    if (++made % ENTRIES_PER_TURN === 0) await nextTurn()
    if (files.has(name) || isVariant(name)) continue
    const [codings, variants] = variantsOf(name, undefined)
    files.set(name, servedFile(name, found, codings, variants, weakTag(found.stats), settings.cacheControl, settings))
  }
  return { manifest, files }
}
