import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** Every file under `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/**
 * Makes `dir` hold exactly `files` (each at `name`), with the source map beside each when there
 * is one. A file whose bytes are already there is not written, and keeps its stamp: the build
 * cache then spares it. Files no longer pinned are removed.
 */
export function stageFiles(files: ReadonlyArray<{ path: string; name: string }>, dir: string): void {
  const wanted = new Map<string, string>()
  for (const { path, name } of files) {
    wanted.set(name, path)
    if (existsSync(`${path}.map`)) wanted.set(`${name}.map`, `${path}.map`)
  }
  for (const [name, path] of wanted) {
    const target = join(dir, name)
    const bytes = readFileSync(path)
    if (existsSync(target) && readFileSync(target).equals(bytes)) continue
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, bytes)
  }
  for (const name of listFiles(dir)) if (!wanted.has(name.split('\\').join('/'))) rmSync(join(dir, name))
}
