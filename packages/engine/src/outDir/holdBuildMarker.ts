import { mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BUILDS_DIR } from './buildMarker.ts'

/** Builds of this process so far: two may run at once (two bundler configs), each with its own marker. */
let held = 0

/**
 * Marks `outDir` as being written by this process until the returned function is called, so that
 * `assetmap clean` leaves alone the files this build has written and its manifest does not name yet.
 * A killed build leaves its marker behind; `runningBuilds` knows it is dead by its pid.
 */
export function holdBuildMarker(outDir: string): () => void {
  const dir = join(outDir, BUILDS_DIR)
  const marker = join(dir, `${process.pid}-${++held}.json`)
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

