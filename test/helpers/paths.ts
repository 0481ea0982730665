import { cpSync, mkdirSync } from 'node:fs'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Manifest } from '@assetmap/runtime'

export const testDir = dirname(dirname(fileURLToPath(import.meta.url)))
export const repoRoot = dirname(testDir)
export const fixturesDir = join(testDir, 'fixtures')

/** A fresh, git-ignored output folder under test/.output. */
export async function outputDir(label: string): Promise<string> {
  const base = join(testDir, '.output')
  mkdirSync(base, { recursive: true })
  return mkdtemp(join(base, `${label}-`))
}

export function fixture(name: string): string {
  return resolve(fixturesDir, name)
}

export async function readManifest(outDir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(outDir, 'assetmap.json'), 'utf8')) as Manifest
}

/** Every file under `dir` (POSIX paths relative to it), skipping the manifest and dot-folders. */
export async function listOutput(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
    .filter((path) => path !== 'assetmap.json' && !path.split('/').some((segment) => segment.startsWith('.')))
    .sort()
}

/** A writable copy of the Vite example (sources, views, config; no node_modules or dist) at `<new output dir>/app`. */
export async function exampleCopy(label: string): Promise<string> {
  const app = join(await outputDir(label), 'app')
  cpSync(join(repoRoot, 'examples/express-vite'), app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist)$/.test(path) })
  return app
}
