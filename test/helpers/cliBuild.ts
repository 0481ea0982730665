import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { SiteOptions } from './browser.ts'
import { runCli } from './cli.ts'
import { fixture, outputDir, readManifest } from './paths.ts'

/** What `assetmap build <fixture>/static --out <new dir> …flags` did. */
export interface CliBuild {
  outDir: string
  code: number | null
  stderr: string
  /** The hashed file name (last segment) of a logical name, from the manifest; throws for a name it lacks. */
  hashed(name: string): string
  /** The text of a logical name's hashed output file. */
  read(name: string): Promise<string>
}

/** Builds `test/fixtures/<name>/static` with the real CLI into a fresh output folder. */
export async function buildFixtureStatic(name: string, ...flags: string[]): Promise<CliBuild> {
  const outDir = await outputDir(name)
  const { code, stderr } = await runCli('build', join(fixture(name), 'static'), '--out', outDir, ...flags)
  const assets = code === 0 ? (await readManifest(outDir)).assets : {}
  const output = (logical: string) => {
    const path = assets[logical]
    if (path === undefined) throw new Error(`${logical} is not in the manifest of ${outDir}`)
    return path
  }
  return {
    outDir,
    code,
    stderr,
    hashed: (logical) => output(logical).slice(output(logical).lastIndexOf('/') + 1),
    read: (logical) => readFile(join(outDir, output(logical)), 'utf8'),
  }
}

/** The site `useBrowserSite` serves for such a build: `test/fixtures/<name>/views/page.njk` at `/`, once the build is clean. */
export async function fixturePage(name: string, built: Promise<CliBuild>): Promise<SiteOptions> {
  const { outDir, code, stderr } = await built
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  return { outDir, views: join(fixture(name), 'views'), pages: { '/': 'page.njk' } }
}
