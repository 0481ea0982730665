import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/** Where each running build leaves its marker, under the output folder. */
export const BUILDS_DIR = '.assetmap/builds'

/** A build that holds the output folder, as its marker tells. */
export interface RunningBuild {
  pid: number
  host: string
  /** When it started (ISO 8601). */
  started: string
  /** The marker file's path. */
  marker: string
}

/**
 * Marks `outDir` as being written by this process until the returned function is called, so that
 * `assetmap clean` leaves alone the files this build has written and its manifest does not name yet.
 * A killed build leaves its marker behind; `runningBuilds` knows it is dead by its pid.
 */
export function holdBuildMarker(outDir: string): () => void {
  const dir = join(outDir, BUILDS_DIR)
  const marker = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.json`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(marker, `${JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() })}\n`)
  return () => {
    rmSync(marker, { force: true })
    try {
      rmdirSync(dir)
    } catch {
      // Another build's marker is still there: the folder stays for it.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readMarker(path: string): RunningBuild | undefined {
  try {
    const { pid, host, started } = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunningBuild>
    if (typeof pid === 'number' && typeof host === 'string' && typeof started === 'string') return { pid, host, started, marker: path }
  } catch {
    // Half-written by a build killed as it started, or not ours: it holds nothing.
  }
  return undefined
}

/**
 * The builds whose markers are in `outDir` and that may still be running: every build of another
 * machine (sharing the folder), and those of this machine whose process lives.
 */
export function runningBuilds(outDir: string): RunningBuild[] {
  const dir = join(outDir, BUILDS_DIR)
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'))
  } catch {
    return []
  }
  return names
    .map((name) => readMarker(join(dir, name)))
    .filter((build): build is RunningBuild => build !== undefined && (build.host !== hostname() || alive(build.pid)))
}
