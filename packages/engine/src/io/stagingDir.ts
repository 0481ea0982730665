import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import type { OutputIO } from './outputIO.ts'

/**
 * Runs `work` in a fresh folder on disk, for the stages that need real files (the static
 * stage's writes, the compressor's worker threads) when the output lives elsewhere (in memory).
 * The folder is removed afterwards, whatever happens.
 */
export async function withStagingDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'assetmap-stage-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Copies the files of a staging folder (those `include` accepts, by POSIX relative path) to the same place under `outDir`, through `io`. */
export async function copyStaged(dir: string, io: OutputIO, outDir: string, include: (path: string) => boolean = () => true): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const name = relative(dir, path).split(sep).join('/')
    if (include(name)) await io.writeFile(join(outDir, name), await readFile(path))
  }
}
