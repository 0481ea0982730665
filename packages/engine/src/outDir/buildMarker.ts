import { readdirSync, readFileSync } from 'node:fs'
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
 * machine (sharing the folder), and those of this machine (`host`) whose process lives.
 */
export function runningBuilds(outDir: string, host: string): RunningBuild[] {
  const dir = join(outDir, BUILDS_DIR)
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'))
  } catch {
    return []
  }
  return names
    .map((name) => readMarker(join(dir, name)))
    .filter((build): build is RunningBuild => build !== undefined && (build.host !== host || alive(build.pid)))
}
