import { spawnSync } from 'node:child_process'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/paths.ts'

// A resolve hook that prints every module a fresh process loads, so the test sees what importing a
// plugin entry costs in modules (the bench, bench/plugin-import.bench.js, measures it in milliseconds).
const HOOKS = `export async function resolve(specifier, context, next) { const result = await next(specifier, context); process.stderr.write('loaded ' + result.url + '\\n'); return result }`
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)})`

/** Every module (built-ins as `node:…`, files relative to the repository) that importing `specifier` loads. */
function modulesLoadedBy(specifier: string): string[] {
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`],
    { cwd: repoRoot, encoding: 'utf8' },
  )
  expect(result.status, result.stderr).toBe(0)
  return [
    ...new Set(
      result.stderr
        .split('\n')
        .filter((line) => line.startsWith('loaded '))
        .map((line) => line.slice('loaded '.length))
        .map((url) => (url.startsWith('file:') ? relative(repoRoot, fileURLToPath(url)).split('\\').join('/') : url)),
    ),
  ]
}

describe('importing the plugin loads only what starting it needs', () => {
  it.each(['vite', 'webpack', 'esbuild'])('@assetmap/plugin/%s loads neither the engine pipeline, the runtime index, nor zlib, crypto, worker_threads or os', (bundler) => {
    const loaded = modulesLoadedBy(`@assetmap/plugin/${bundler}`)
    expect(loaded).toContain('packages/plugin/dist/core/options.js')
    // The engine's pipeline, compressor, static hashing and source-map tools load when a build ends.
    const engine = loaded.filter((path) => path.startsWith('packages/engine/dist/') && !/^packages\/engine\/dist\/(internal|outDir\/buildMarker|outDir\/checkOutputDir|io\/integrity|outDir\/validateRelease|io\/writeFileAtomic|compress\/encodings|walk\/walkStaticDirs)\.js$/.test(path))
    // The runtime's index loads createAssets, the dev client, the schema: the plugin needs none of them to start.
    const runtime = loaded.filter((path) => /^packages\/runtime\/dist\/(index|createAssets|DevAssets|followManifest|manifestSchema)\.js$/.test(path))
    const tools = loaded.filter((path) => /\/node_modules\/(magic-string|es-module-lexer)\//.test(path))
    const builtins = loaded.filter((url) => ['node:zlib', 'node:crypto', 'node:worker_threads', 'node:os'].includes(url))
    expect({ engine, runtime, tools, builtins }).toEqual({ engine: [], runtime: [], tools: [], builtins: [] })
  })

  // unplugin and what it imports (source-map remapping, picomatch) were half of what importing the Vite plugin cost.
  it.each(['vite', 'rollup', 'rolldown'])('@assetmap/plugin/%s makes its plugin without loading unplugin', (bundler) => {
    expect(modulesLoadedBy(`@assetmap/plugin/${bundler}`).filter((path) => /node_modules\/(unplugin|@jridgewell|picomatch)\//.test(path))).toEqual([])
  })
})
