import { createHash } from 'node:crypto'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { outputDir } from './paths.ts'

/** Every file of an output tree (cache excluded) → a digest of its bytes. */
async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1)
    if (path.startsWith('.assetmap/')) continue
    files.set(path, createHash('sha256').update(await readFile(join(dir, path))).digest('hex'))
  }
  return files
}

/**
 * The incremental output holds the cold build's whole tree byte for byte, and the same manifest.
 * It may hold more: hashed files of earlier builds stay (docs/design.md invariant 4), as do the
 * originals of files since removed, but the manifest names none of them.
 */
export async function expectSameAsCold(src: string, incremental: string): Promise<void> {
  const cold = await outputDir('incr-cold')
  await completeBuild({ outDir: cold, base: '/static/', static: { dirs: [src], root: '/', cache: false, onWarning: () => {} } })
  const manifest = JSON.parse(await readFile(join(incremental, 'assetmap.json'), 'utf8')) as { files: Record<string, unknown> }
  expect(manifest).toEqual(JSON.parse(await readFile(join(cold, 'assetmap.json'), 'utf8')))
  const [coldTree, incrementalTree] = [await tree(cold), await tree(incremental)]
  for (const [path, digest] of coldTree) expect(incrementalTree.get(path), path).toBe(digest)
  for (const path of incrementalTree.keys()) if (!coldTree.has(path)) expect(Object.keys(manifest.files), path).not.toContain(path)
}

