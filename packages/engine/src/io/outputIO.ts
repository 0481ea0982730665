import { statSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { dirname, sep } from 'node:path'
import { tempPath, writeFileAtomic } from './writeFileAtomic.ts'

/**
 * The one seam through which a build reads and writes its output folder: node:fs by default,
 * the bundler's own file system where it has one (webpack-dev-middleware's memory, esbuild's
 * `write: false`). Paths are absolute.
 */
export interface OutputIO {
  /** Whether paths are real files on disk, which `buildStatic` and the compressor's workers may write directly. */
  readonly onDisk: boolean
  readFile(path: string): Promise<Uint8Array>
  /** Writes so that readers see the old content or the new, never a part. Creates missing folders. */
  writeFile(path: string, data: Uint8Array | string): Promise<void>
  /** Removes a file; a missing file is not an error. */
  removeFile(path: string): Promise<void>
  /** Names in a folder; none if the folder is missing. */
  readdir(path: string): Promise<string[]>
}

/** Whether an error says there is no such file (or a folder on its path is a file). */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** The output folder on disk, through node:fs. */
export const nodeIO: OutputIO = {
  onDisk: true,
  readFile: (path) => readFile(path),
  writeFile: writeFileAtomic,
  removeFile: (path) => rm(path, { force: true }),
  async readdir(path) {
    try {
      return await readdir(path)
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
  },
}

/** Files held in memory by absolute path, as esbuild's `write: false` gives them. */
export function memoryIO(files: Map<string, Uint8Array>): OutputIO {
  return {
    onDisk: false,
    async readFile(path) {
      const bytes = files.get(path)
      if (bytes === undefined) throw Object.assign(new Error(`ENOENT: no such file in memory, open '${path}'`), { code: 'ENOENT', path })
      return bytes
    },
    async writeFile(path, data) {
      files.set(path, typeof data === 'string' ? Buffer.from(data) : data)
    },
    async removeFile(path) {
      files.delete(path)
    },
    async readdir(path) {
      const prefix = path.endsWith(sep) ? path : path + sep
      const names = new Set<string>()
      for (const file of files.keys()) if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split(sep)[0]!)
      return [...names]
    },
  }
}

type Callback<T = void> = (error: NodeJS.ErrnoException | null, result?: T) => void

/** The callback-style file system webpack and Rspack write through (`compiler.outputFileSystem`: node:fs, memfs, …). */
export interface CallbackFileSystem {
  readFile(path: string, callback: Callback<Buffer | string>): void
  writeFile(path: string, data: Uint8Array | string, callback: Callback): void
  mkdir(path: string, options: { recursive: true }, callback: Callback<unknown>): void
  stat(path: string, callback: Callback<{ ino: number; dev: number; mtimeMs: number }>): void
  rename?(from: string, to: string, callback: Callback): void
  unlink?(path: string, callback: Callback): void
  readdir?(path: string, callback: Callback<unknown[]>): void
}

function call<T>(run: (callback: Callback<T>) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result))))
}

async function sameAsDisk(fs: CallbackFileSystem, dir: string): Promise<boolean> {
  try {
    const theirs = await call<{ ino: number; dev: number; mtimeMs: number }>((done) => fs.stat(dir, done))
    const ours = statSync(dir)
    return theirs !== undefined && theirs.ino === ours.ino && theirs.dev === ours.dev && theirs.mtimeMs === ours.mtimeMs
  } catch {
    return false
  }
}

/**
 * The seam for a bundler's output file system. When it is the disk itself (the same folder, by
 * inode), `nodeIO` is used, so the static stage and the compressor write in place; otherwise (memfs) every read
 * and write goes through it, and nothing lands on the real disk.
 */
export async function callbackFileSystemIO(fs: CallbackFileSystem, outDir: string): Promise<OutputIO> {
  if (await sameAsDisk(fs, outDir)) return nodeIO
  return {
    onDisk: false,
    async readFile(path) {
      const data = await call<Buffer | string>((done) => fs.readFile(path, done))
      return typeof data === 'string' ? Buffer.from(data) : data!
    },
    async writeFile(path, data) {
      await call((done) => fs.mkdir(dirname(path), { recursive: true }, done))
      if (!fs.rename) return void (await call((done) => fs.writeFile(path, data, done)))
      const temp = tempPath(path)
      await call((done) => fs.writeFile(temp, data, done))
      await call((done) => fs.rename!(temp, path, done))
    },
    async removeFile(path) {
      if (!fs.unlink) return
      try {
        await call((done) => fs.unlink!(path, done))
      } catch (error) {
        if (!isMissing(error)) throw error
      }
    },
    async readdir(path) {
      if (!fs.readdir) return []
      try {
        return ((await call<unknown[]>((done) => fs.readdir!(path, done))) ?? []).map(String)
      } catch (error) {
        if (isMissing(error)) return []
        throw error
      }
    },
  }
}
