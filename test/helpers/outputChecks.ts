import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import { integrity } from '@assetmap/engine/internal'
import type { Manifest } from '@assetmap/runtime'
import { listOutput } from './paths.ts'

/** The manifest lists every file in `outDir` (source maps included), each with the integrity of its bytes on disk; returns the list. */
export async function expectEveryOutputListed(manifest: Manifest, outDir: string): Promise<string[]> {
  const emitted = await listOutput(outDir)
  expect(Object.keys(manifest.files).sort()).toEqual(emitted)
  for (const path of emitted) expect(manifest.files[path]!.integrity, path).toBe(integrity(await readFile(join(outDir, path))))
  return emitted
}
