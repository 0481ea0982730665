import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import MagicString from 'magic-string'
import { composeSourceMap } from './composeSourceMap.ts'
import { hashedName, HASH_LENGTH } from './hashedName.ts'
import type { ParsedFile } from './parseStaticFile.ts'
import { stronglyConnected } from './stronglyConnected.ts'
import type { Reference } from './types.ts'

/** The content hash and final bytes of every static file. */
export interface HashedFiles {
  hashes: Map<string, string>
  outputs: Map<string, Uint8Array>
}

const encoder = new TextEncoder()

function contentHash(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex').slice(0, HASH_LENGTH)
}

/** Bounds of the whole source-map comment around a reference, for dropping it. */
function commentBounds(text: string, ref: Reference): [number, number] {
  const block = text.lastIndexOf('/*', ref.start)
  const line = text.lastIndexOf('//', ref.start)
  if (block > line) {
    const close = text.indexOf('*/', ref.end)
    return [block, close === -1 ? text.length : close + 2]
  }
  const newline = text.indexOf('\n', ref.end)
  return [line, newline === -1 ? text.length : newline]
}

/**
 * Hashes static files in dependency order so that every hash covers final bytes: a file's
 * references are rewritten to the hashed names of their targets before the file is hashed.
 * A reference cycle gets one hash over the group (its members' content with the references
 * inside the group left as written). A file's own source map, when the file is rewritten, is
 * recomposed so it stays valid, then hashed before the file that names it.
 */
export function hashStaticFiles(files: readonly ParsedFile[]): HashedFiles {
  const byName = new Map(files.map((parsed) => [parsed.file.name, parsed]))
  const hashes = new Map<string, string>()
  const outputs = new Map<string, Uint8Array>()

  const referencedBy = new Map<string, number>()
  for (const parsed of files) for (const { local } of parsed.refs) referencedBy.set(local.target, (referencedBy.get(local.target) ?? 0) + 1)
  // A map named only by its file's comment, in a file that gets rewritten, is recomposed with that file.
  const ownedMaps = new Map<string, string>()
  for (const parsed of files) {
    const mapRef = parsed.refs.find(({ ref }) => ref.kind === 'sourcemap')
    if (mapRef && parsed.refs.some(({ ref }) => ref.kind !== 'sourcemap') && referencedBy.get(mapRef.local.target) === 1 && byName.get(mapRef.local.target)?.text === undefined) {
      ownedMaps.set(mapRef.local.target, parsed.file.name)
    }
  }

  const render = (parsed: ParsedFile, skip?: ReadonlySet<string>): Uint8Array => {
    if (parsed.text === undefined) return parsed.bytes
    const edited = new MagicString(parsed.text)
    let ownMap: { ref: Reference; segmentStart: number; pathEnd: number; target: string } | undefined
    for (const { ref, local } of parsed.refs) {
      if (ownedMaps.get(local.target) === parsed.file.name) {
        ownMap = { ref, segmentStart: local.segmentStart, pathEnd: local.pathEnd, target: local.target }
        continue
      }
      if (skip?.has(local.target)) continue
      const segment = ref.value.slice(local.segmentStart, local.pathEnd)
      edited.overwrite(ref.start + local.segmentStart, ref.start + local.pathEnd, hashedName(segment, hashes.get(local.target)!))
    }
    for (const drop of parsed.drops) edited.remove(...commentBounds(parsed.text, drop))
    if (ownMap && !skip) {
      const mapFile = byName.get(ownMap.target)!
      const composed = composeSourceMap(edited, basename(parsed.file.name), new TextDecoder().decode(mapFile.bytes))
      const mapBytes = composed === undefined ? mapFile.bytes : encoder.encode(composed)
      hashes.set(ownMap.target, contentHash(mapBytes))
      outputs.set(ownMap.target, mapBytes)
      const segment = ownMap.ref.value.slice(ownMap.segmentStart, ownMap.pathEnd)
      edited.overwrite(ownMap.ref.start + ownMap.segmentStart, ownMap.ref.start + ownMap.pathEnd, hashedName(segment, hashes.get(ownMap.target)!))
    }
    return encoder.encode(edited.toString())
  }

  const nodes = files.map((parsed) => parsed.file.name).filter((name) => !ownedMaps.has(name))
  const edges = new Map(nodes.map((name) => [name, [...new Set(byName.get(name)!.refs.map(({ local }) => local.target))].filter((target) => ownedMaps.get(target) !== name)]))
  for (const component of stronglyConnected(nodes, edges)) {
    const first = component[0]!
    if (component.length === 1 && !edges.get(first)!.includes(first)) {
      const bytes = render(byName.get(first)!)
      hashes.set(first, contentHash(bytes))
      outputs.set(first, bytes)
      continue
    }
    const members = new Set(component)
    const group = createHash('sha256')
    for (const name of component) group.update(name).update('\0').update(render(byName.get(name)!, members)).update('\0')
    const hash = group.digest('hex').slice(0, HASH_LENGTH)
    for (const name of component) hashes.set(name, hash)
    for (const name of component) outputs.set(name, render(byName.get(name)!))
  }
  return { hashes, outputs }
}
