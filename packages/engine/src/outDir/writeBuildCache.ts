import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writeFileAtomicSync, type TextWriter } from '../io/writeFileAtomic.ts'
import { hashIn } from '../table/hashedName.ts'
import { countReferences, kindAt, offsetAt, targetAt } from '../table/linkedReferences.ts'
import type { ByName } from '../table/fileMap.ts'
import type { NamedFiles } from '../table/namedFiles.ts'
import type { StampColumn } from '../table/stampColumn.ts'
import { pathIn, type ResolvedStaticDir } from '../walk/walkStaticDirs.ts'
import { CACHE_PATH, CHECK_FIELD, INTEGRITY_PREFIX, saidSomething, StoredText, type CacheColumns, type CachedFile, type CachedText } from './cacheFormat.ts'
import type { CacheHeader } from './cacheHeader.ts'
import { sourcesDigest } from './sourcesDigest.ts'

/** Characters of the cache's text gathered before they are written (a write per column of a large tree, not per file). */
const PIECE = 64 * 1024

/**
 * The cache file's text for `files`, in the order of `names`, whose paths are all under one of
 * `dirs`: `JSON.stringify` of its `CacheColumns`, column by column and in pieces, so that neither
 * the columns nor the text (megabytes for a large tree) are held whole. Written as it is made, not
 * gathered into buffers as a manifest is (`ByteChunks`): a manifest is compared with the file on
 * disk before it is written, a cache never is, and it is written when the static stage holds the
 * most. References the last cache
 * file held are written as they were read when the names are the same, in the same order (a
 * rebuild that added or removed nothing).
 */
function cacheText(key: string, order: NamedFiles, files: ByName<CachedFile>, stamps: StampColumn, dirs: readonly ResolvedStaticDir[]): TextWriter {
  const { names } = order
  return (writeText) => {
    // The whole text is checked when read: a cache edited by hand, however well-formed, is not trusted.
    const check = createHash('sha256')
    const write = (text: string): void => (check.update(text), writeText(text))
    let pending = ''
    const put = (text: string): void => {
      pending += text
      if (pending.length >= PIECE) (write(pending), (pending = ''))
    }
    /** One column: `"field":` then each file's value, between `open` and `close`, separated by `separator`. */
    const column = (field: keyof CacheColumns, open: string, separator: string, close: string, value: (file: CachedFile, name: string, at: number) => string | undefined): void => {
      put(`,"${field}":${open}`)
      let first = true
      for (const [at, name] of names.entries()) {
        const text = value(files.get(name)!, name, at)
        if (text === undefined) continue
        put(first ? text : separator + text)
        first = false
      }
      put(close)
    }
    const sameNames = new Map<readonly string[], boolean>()
    const unchanged = (read: readonly string[]): boolean => {
      let same = sameNames.get(read)
      if (same === undefined) sameNames.set(read, (same = read.length === names.length && read.every((name, at) => name === names[at])))
      return same
    }
    const refsOf = (text: CachedText): string => {
      if (text instanceof StoredText && unchanged(text.names)) return text.source
      let list = text.scanned ? '1' : '0'
      const { refs } = text
      for (let at = 0; at < countReferences(refs); at++) list += `,${order.positionOf(targetAt(refs, at))},${kindAt(refs, at)},${offsetAt(refs, at)}`
      return list
    }
    put(`{${headerText(order, files, stamps, key)}`)
    // Hex and base64: nothing to escape. The hashes first, where a rebuild that reads the header finds them (`hashesOf`).
    column('hashes', '"', '', '"', (file, name) => hashIn(name, file.output))
    column('names', '[', ',', ']', (_, name) => JSON.stringify(name))
    column('dirs', '[', ',', ']', (_, name, at) => String(dirs.length === 1 ? 0 : dirs.findIndex((dir) => pathIn(dir, name) === order.fileAt(at).path)))
    // Every file the cache records has the stamp this build looked at.
    column('stamps', '[', ',', ']', (_, __, at) => stamps.text(order.indexAt(at)))
    column('outputSizes', '[', ',', ']', (file) => String(file.outputSize))
    column('digests', '"', '', '"', (file) => file.integrity.slice(INTEGRITY_PREFIX.length))
    column('refs', '[', ',', ']', ({ text }) => (text === undefined ? '0' : `"${refsOf(text)}"`))
    column('notes', '{', ',', '}', ({ text }, _, at) => (saidSomething(text) ? `"${at}":${JSON.stringify([text!.warnings, text!.broken])}` : undefined))
    write(pending)
    writeText(`${CHECK_FIELD}${check.digest('base64')}"}`)
  }
}

/** The cache's first fields (`CacheHeader`, less its braces), as `JSON.stringify` writes them. */
function headerText(order: NamedFiles, files: ByName<CachedFile>, stamps: StampColumn, key: string): string {
  const { names } = order
  let bytes = 0
  let anySaid = false
  for (const name of names) {
    const file = files.get(name)!
    bytes += file.outputSize
    anySaid ||= saidSomething(file.text)
  }
  const header: CacheHeader = { key, sources: sourcesDigest(order, stamps), count: names.length, bytes, said: anySaid }
  return JSON.stringify(header).slice(1, -1)
}

/** Writes the cache atomically, after every output it names is on disk. */
export function writeBuildCache(outDir: string, key: string, order: NamedFiles, files: ByName<CachedFile>, stamps: StampColumn, dirs: readonly ResolvedStaticDir[]): void {
  const path = join(outDir, CACHE_PATH)
  mkdirSync(dirname(path), { recursive: true })
  writeFileAtomicSync(path, cacheText(key, order, files, stamps, dirs))
}
