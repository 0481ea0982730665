import { DEV_FILE, MANIFEST_FILE, VARIANT_EXTENSIONS, type Manifest } from '@assetmap/runtime'
import { contentType } from './contentType.ts'
import { walkServedDir, type ServableFile } from './walkServedDir.ts'

/** Cache-Control of every file the manifest names: its name changes whenever its bytes do. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'

// Variant file extension of each coding, in the server's order of preference.
const VARIANTS = Object.entries(VARIANT_EXTENSIONS)
const NOT_SERVED = new Set([MANIFEST_FILE, DEV_FILE])

/** One way of sending a file: the identity bytes or a precompressed variant. */
export interface Representation {
  /** Absolute path to open. */
  path: string
  size: number
  etag: string
  /** Headers of a 200, built once. */
  headers: Record<string, string | number>
  /** Headers of a 304. */
  notModified: Record<string, string>
  /** The bytes, once read, while the memory cache has room. */
  body: Buffer | undefined
}

/** A servable URL path and everything needed to answer it without touching the disk. */
export interface ServedFile {
  identity: Representation
  /** Coding → variant, for the codings that exist. */
  variants: Map<string, Representation>
  /** Codings with a variant, in the server's order of preference. */
  codings: string[]
  /** Opaque ETags of the identity and every variant. */
  tags: Set<string>
  mtimeSeconds: number
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

function variantTag(etag: string, coding: string): string {
  return `${etag.slice(0, -1)}-${coding}"`
}

function opaqueTag(etag: string): string {
  return etag.replace(/^W\//, '').slice(1, -1)
}

function servedFile(name: string, found: ServableFile, codings: string[], variants: Map<string, ServableFile>, etag: string, cacheControl: string, settings: TableSettings): ServedFile {
  const vary = codings.length > 0
  const common: Record<string, string> = {
    'Content-Type': contentType(name),
    'Cache-Control': cacheControl,
    'Last-Modified': found.stats.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
  }
  if (vary) common.Vary = 'Accept-Encoding'
  if (settings.allowOrigin !== undefined) common['Access-Control-Allow-Origin'] = settings.allowOrigin
  const represent = (file: ServableFile, tag: string, coding: string | undefined): Representation => {
    const notModified: Record<string, string> = { ETag: tag, 'Cache-Control': cacheControl, 'Last-Modified': common['Last-Modified']! }
    if (vary) notModified.Vary = 'Accept-Encoding'
    return {
      path: file.path,
      size: file.stats.size,
      etag: tag,
      headers: { ...common, 'Content-Length': file.stats.size, ETag: tag, ...(coding ? { 'Content-Encoding': coding } : {}) },
      notModified,
      body: undefined,
    }
  }
  const served: ServedFile = {
    identity: represent(found, etag, undefined),
    variants: new Map(),
    codings,
    tags: new Set([opaqueTag(etag)]),
    mtimeSeconds: Math.floor(found.stats.mtimeMs / 1000),
    vary,
  }
  for (const coding of codings) {
    const tag = variantTag(etag, coding)
    served.variants.set(coding, represent(variants.get(coding)!, tag, coding))
    served.tags.add(opaqueTag(tag))
  }
  return served
}

/**
 * Builds the table of everything `root` may serve, once, at start-up: the files the manifest
 * names (immutable, ETag from their integrity), those that earlier releases' manifests name
 * (still immutable: pages of a server on an older release ask for them during a rolling
 * deploy), and the other files on disk (short cache, weak ETag from size and time), each with
 * the precompressed variants beside it.
 */
export function buildFileTable(manifest: Manifest, root: string, settings: TableSettings, releases: readonly Manifest[] = []): FileTable {
  const onDisk = walkServedDir(root, settings.onWarning)
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
  for (const { name, file: { integrity, encodings }, current } of named) {
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
    if (files.has(name) || NOT_SERVED.has(name) || isVariant(name)) continue
    const [codings, variants] = variantsOf(name, undefined)
    files.set(name, servedFile(name, found, codings, variants, `W/"${found.stats.size.toString(16)}-${Math.floor(found.stats.mtimeMs).toString(16)}"`, settings.cacheControl, settings))
  }
  return { manifest, files }
}
