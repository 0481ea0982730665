import { cpSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildCommand } from '@assetmap/cli'
import type { Manifest } from '@assetmap/runtime'
import { fixture, outputDir, readManifest } from './paths.ts'

/**
 * The `served` fixture built `count` times into one output dir as releases r1, r2…, each with its
 * own `css/app.css`; `after` runs after each build (to back-date, publish, damage…).
 */
export async function buildReleases(
  label: string,
  count: number,
  after: (manifest: Manifest, release: number, out: string) => unknown = () => {},
): Promise<{ out: string; source: string; manifests: Manifest[] }> {
  const out = await outputDir(label)
  const source = await outputDir(`${label}-src`)
  cpSync(fixture('served'), source, { recursive: true })
  const manifests: Manifest[] = []
  for (let release = 1; release <= count; release++) {
    writeFileSync(join(source, 'css/app.css'), `.release-${release} { color: red }\n`)
    await buildCommand({ dirs: [source], out, release: `r${release}`, onWarning: () => {} })
    const manifest = await readManifest(out)
    manifests.push(manifest)
    await after(manifest, release, out)
  }
  return { out, source, manifests }
}
