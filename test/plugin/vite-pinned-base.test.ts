import { describe, expect, it } from 'vitest'
import type { InlineConfig } from 'vite'
import { join } from 'node:path'
import { validateManifest } from '@assetmap/runtime'
import { appEntries, buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'
import { runCli } from '../helpers/cli.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

/** Runs a Vite build of the app fixture and returns what Vite logged as warnings. */
async function viteWarnings(config: InlineConfig, outDir?: string): Promise<string[]> {
  const seen: string[] = []
  const logger = { info() {}, warn: (m: string) => seen.push(m), warnOnce: (m: string) => seen.push(m), error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false }
  await buildWithVite(app, outDir ?? (await outputDir('vite-pinned')), undefined, { ...config, logLevel: 'warn', customLogger: logger })
  return seen.filter((message) => message.includes('assetmap'))
}

describe('an absolute base or publicPath pins the URLs the bundle builds at run time', () => {
  it('warns once on a Vite build with `base: /dev/`, naming the setting and the fix', async () => {
    const warnings = await viteWarnings({ base: '/dev/' })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('Vite `base` is "/dev/"')
    expect(warnings[0]).toContain("`base: './'`")
    expect(warnings[0]).toContain('ASSETMAP_BASE_URL')
  })

  it('records the pinned base in the manifest, and `assetmap inspect` shows it', async () => {
    const out = await outputDir('vite-pinned-inspect')
    await viteWarnings({ base: '/dev/' }, out)
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(manifest.pinnedBase).toBe('/dev/')
    const inspect = await runCli('inspect', join(out, 'assetmap.json'))
    expect(inspect.code).toBe(0)
    expect(inspect.stdout).toContain('pinned to /dev/: URLs built inside the JS')
  })

  it('says nothing with the relative base the plugin sets by default, and pins nothing', async () => {
    const out = await outputDir('vite-unpinned')
    expect(await viteWarnings({}, out)).toEqual([])
    expect((await readManifest(out)).pinnedBase).toBeUndefined()
    expect((await runCli('inspect', join(out, 'assetmap.json'))).stdout).not.toContain('pinned')
  })

  it('warns on a webpack build with an absolute output.publicPath (Encore’s /build/)', async () => {
    const out = await outputDir('webpack-pinned')
    const stats = await buildWithWebpack(app, out, undefined, {
      entry: { main: `./${appEntries.main}` },
      output: { path: out, publicPath: '/build/', filename: 'js/[name].[contenthash:8].js' },
    })
    const warnings = stats.compilation.warnings.map((warning) => warning.message).filter((message) => message.includes('[assetmap]'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('`output.publicPath` is "/build/"')
    expect(warnings[0]).toContain("`output.publicPath: 'auto'`")
    expect((await readManifest(out)).pinnedBase).toBe('/build/')
  })

  it('says nothing on a webpack build with publicPath auto', async () => {
    const out = await outputDir('webpack-auto')
    const stats = await buildWithWebpack(app, out, undefined, { entry: { main: `./${appEntries.main}` } })
    expect(stats.compilation.warnings.map((warning) => warning.message).filter((message) => message.includes('[assetmap]'))).toEqual([])
  })
})
