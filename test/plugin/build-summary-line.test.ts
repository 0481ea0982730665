import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { rollup, type RollupLog } from 'rollup'
import { describe, expect, it } from 'vitest'
import assetmapRollup from '@assetmap/plugin/rollup'
import { appEntries, buildWithRspack, buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir, repoRoot } from '../helpers/paths.ts'

const app = fixture('app')
const SUMMARY = /^assetmap: (.+assetmap\.json) \((\d+) entr(?:y|ies), (\d+) assets?, (\d+) warnings?\)$/m

/** Runs `vite build` of test/fixtures/app in a fresh Node process, as the CLI does; returns what it printed. */
function viteBuildOutput(outDir: string, logLevel: string | undefined): string {
  const script = join(outDir, '..', `build-${logLevel ?? 'default'}.mjs`)
  const config = { root: app, configFile: false, ...(logLevel ? { logLevel } : {}), build: { outDir, emptyOutDir: true, rollupOptions: { input: Object.values(appEntries).map((input) => join(app, input)) } } }
  writeFileSync(script, `import { build } from 'vite'\nimport assetmap from '@assetmap/plugin/vite'\nawait build({ ...${JSON.stringify(config)}, plugins: [assetmap()] })\n`)
  const result = spawnSync(process.execPath, [script], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  expect(result.status, result.stderr).toBe(0)
  return result.stdout + result.stderr
}

describe('a build prints one line from assetmap: the manifest, entries, assets, warnings', () => {
  it('vite build prints it with Vite’s own output, and nothing under logLevel warn or silent', async () => {
    const outDir = join(await outputDir('summary-vite'), 'dist')
    const output = viteBuildOutput(outDir, undefined)
    const match = SUMMARY.exec(output)
    expect(match, output).not.toBeNull()
    expect(match![1]).toBe(relative(repoRoot, join(outDir, 'assetmap.json')))
    expect(Number(match![2])).toBe(Object.keys(appEntries).length)
    expect(Number(match![3])).toBeGreaterThan(4)
    expect(match![4]).toBe('0')
    expect(output).toContain('built in')
    for (const quiet of ['warn', 'silent']) expect(viteBuildOutput(outDir, quiet)).not.toContain('assetmap:')
  })

  it('Rollup gets it as an info log (this.info), which its logLevel filters', async () => {
    const logs = async (logLevel: 'info' | 'warn'): Promise<string[]> => {
      const seen: string[] = []
      const project = await outputDir('summary-rollup')
      writeFileSync(join(project, 'main.js'), 'document.title = "rollup"\n')
      const bundle = await rollup({ input: join(project, 'main.js'), logLevel, onLog: (level: string, log: RollupLog) => void seen.push(`${level} ${log.message}`), plugins: [assetmapRollup({ root: project })] })
      await bundle.write({ dir: join(project, 'dist'), format: 'es' })
      await bundle.close()
      return seen.filter((line) => line.includes('assetmap:'))
    }
    const lines = await logs('info')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^info .*assetmap: .+assetmap\.json \(1 entry, 1 asset, 0 warnings\)$/)
    expect(await logs('warn')).toEqual([])
  })

  it('webpack shows it in the stats as a log of assetmap, hidden by quieter stats presets', async () => {
    const stats = await buildWithWebpack(app, await outputDir('summary-webpack'))
    expect(stats.toString({ preset: 'normal', colors: false })).toMatch(/LOG from assetmap\n<i> assetmap: .+assetmap\.json \(4 entries, \d+ assets, 0 warnings\)/)
    expect(stats.toString({ preset: 'errors-warnings', colors: false })).not.toContain('assetmap:')
  })

  it('Rspack shows it in the stats too', async () => {
    const stats = await buildWithRspack(app, await outputDir('summary-rspack'))
    expect(stats.toString({ preset: 'normal', colors: false })).toMatch(/assetmap: .+assetmap\.json \(4 entries, \d+ assets, 0 warnings\)/)
  })

  it('esbuild prints it on stderr at logLevel info (its CLI’s default), not at the API’s default', async () => {
    const project = await outputDir('summary-esbuild')
    writeFileSync(join(project, 'main.js'), 'document.title = "esbuild"\n')
    const run = (logLevel: string | undefined): string => {
      const options = { absWorkingDir: project, entryPoints: ['main.js'], bundle: true, format: 'esm', outdir: join(project, 'dist'), entryNames: '[name]-[hash]', ...(logLevel ? { logLevel } : {}) }
      const script = `import * as esbuild from 'esbuild'\nimport assetmap from '@assetmap/plugin/esbuild'\nawait esbuild.build({ ...${JSON.stringify(options)}, plugins: [assetmap()] })\n`
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })
      expect(result.status, result.stderr).toBe(0)
      return result.stderr
    }
    expect(run('info')).toMatch(/^assetmap: .+assetmap\.json \(1 entry, 1 asset, 0 warnings\)$/m)
    expect(run(undefined)).not.toContain('assetmap:')
  })
})
