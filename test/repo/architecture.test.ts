import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../helpers/paths.ts'

/** Every module specifier a file imports: static imports and re-exports, `import type`, and dynamic `import()`. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName)
}

interface Package {
  name: string
  dir: string
}

const packages: Package[] = readdirSync(join(repoRoot, 'packages')).map((folder) => {
  const dir = join(repoRoot, 'packages', folder)
  return { name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name, dir }
})

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => /\.(ts|mts|js|mjs)$/.test(path) && !path.endsWith('.d.ts'))
    .map((path) => join(dir, path))
}

interface Import {
  /** The importing file, relative to the repository. */
  file: string
  from: string
  /** The package name, or the bare specifier's package; a relative import into another package counts as that package. */
  target: string
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

function importsOfPackage(pkg: Package): Import[] {
  const src = join(pkg.dir, 'src')
  return sourceFiles(src).flatMap((file) =>
    importsOf(readFileSync(file, 'utf8')).map((from): Import => {
      let target = packageOf(from)
      if (from.startsWith('.')) {
        const absolute = resolve(dirname(file), from)
        const owner = packages.find((other) => absolute === other.dir || absolute.startsWith(other.dir + sep))
        target = owner === undefined ? `(outside the packages: ${from})` : owner === pkg ? '(own package)' : owner.name
      }
      return { file: relative(repoRoot, file).split(sep).join('/'), from, target }
    }),
  )
}

const all = new Map(packages.map((pkg) => [pkg.name, importsOfPackage(pkg)]))
const BUILTINS = new Set(builtinModules)
const BUNDLERS = /^(vite|webpack|rollup|rolldown|esbuild|@rspack\/core|@rspack\/cli|@farmfe\/core|parcel|@parcel\/core|turbopack|rspack)$/
const ENGINE = '@assetmap/engine'

function describeImports(imports: Import[]): string[] {
  return imports.map((found) => `${found.file} imports ${found.from}`)
}

describe('the architecture (docs/design.md): who may import what', () => {
  it('reads static, type-only, re-exported and dynamic imports', () => {
    const text = "import a from 'x'\nimport type { B } from '@y/z/deep'\nexport * from './own.ts'\nconst v = await import('vite')\nexport { c } from 'node:fs'"
    expect(importsOf(text).map(packageOf)).toEqual(['x', '@y/z', '.', 'vite', 'node:fs'])
  })

  it('has every package and reads imports from each', () => {
    expect([...all.keys()].sort()).toEqual(['@assetmap/cli', '@assetmap/engine', '@assetmap/nunjucks', '@assetmap/plugin', '@assetmap/runtime', '@assetmap/serve'])
    for (const [name, imports] of all) expect(imports.length, name).toBeGreaterThan(0)
  })

  it('the runtime imports nothing but Node built-ins', () => {
    const outside = all.get('@assetmap/runtime')!.filter((found) => found.target !== '(own package)' && !BUILTINS.has(found.from) && !found.from.startsWith('node:'))
    expect(describeImports(outside)).toEqual([])
  })

  it('serve and nunjucks do not import the engine', () => {
    const engine = ['@assetmap/serve', '@assetmap/nunjucks'].flatMap((name) => all.get(name)!.filter((found) => found.target === ENGINE))
    expect(describeImports(engine)).toEqual([])
  })

  it('the engine imports neither the plugin nor the CLI', () => {
    const upward = all.get(ENGINE)!.filter((found) => found.target === '@assetmap/plugin' || found.target === '@assetmap/cli')
    expect(describeImports(upward)).toEqual([])
  })

  it('neither the plugin nor the CLI imports serve (the header policy lives in the runtime)', () => {
    const serve = ['@assetmap/plugin', '@assetmap/cli'].flatMap((name) => all.get(name)!.filter((found) => found.target === '@assetmap/serve'))
    expect(describeImports(serve)).toEqual([])
  })

  it('Cache-Control values are written in one module, the runtime\'s header policy', () => {
    const policy = /max-age=\d|\bimmutable['"`]|['"`]no-cache['"`]/
    const writers = packages.flatMap((pkg) =>
      sourceFiles(join(pkg.dir, 'src'))
        .filter((file) => policy.test(readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
        .map((file) => relative(repoRoot, file).split(sep).join('/')),
    )
    expect(writers).toEqual(['packages/runtime/src/headerPolicy.ts'])
  })

  it("only the plugin's adapter files import a bundler", () => {
    const bundlers = [...all.values()].flat().filter((found) => BUNDLERS.test(found.target) && !found.file.startsWith('packages/plugin/src/adapters/'))
    expect(describeImports(bundlers)).toEqual([])
  })

  it("the plugin's core never imports its adapters", () => {
    const core = all.get('@assetmap/plugin')!.filter((found) => found.file.startsWith('packages/plugin/src/core/'))
    expect(core.length).toBeGreaterThan(0)
    const adapters = join(repoRoot, 'packages/plugin/src/adapters')
    const upward = core.filter((found) => found.from.startsWith('.') && resolve(repoRoot, dirname(found.file), found.from).startsWith(adapters + sep))
    expect(describeImports(upward)).toEqual([])
  })

  it('no package reaches into another by a relative path', () => {
    const reaching = [...all.values()].flat().filter((found) => found.from.startsWith('.') && found.target !== '(own package)')
    expect(describeImports(reaching)).toEqual([])
  })
})

/**
 * The engine's folders, in the order its build runs through them (docs/design.md, "The engine"):
 * a file imports only from its own folder or from one listed before it. The entry files at
 * `src/` (`index.ts`, `internal.ts`) stand above them all.
 */
const ENGINE_LAYERS = ['io', 'table', 'walk', 'outDir', 'plan', 'parse', 'hash', 'write', 'compress', 'record', 'pipeline']
const ENGINE_ENTRIES = ['index.ts', 'internal.ts']
const engineSrc = join(repoRoot, 'packages/engine/src')

/** Each engine file (relative to its `src/`) → the engine files it imports, type imports and `import()` included. */
function engineGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(engineSrc)) {
    const targets = importsOf(readFileSync(file, 'utf8'))
      .filter((from) => from.startsWith('.'))
      .map((from) => relative(engineSrc, resolve(dirname(file), from)).split(sep).join('/'))
    graph.set(relative(engineSrc, file).split(sep).join('/'), targets)
  }
  return graph
}

/** The layer of an engine file: its folder's place in `ENGINE_LAYERS`, the entries above every folder; -1 when it has none. */
function layerOf(file: string): number {
  if (ENGINE_ENTRIES.includes(file)) return ENGINE_LAYERS.length
  return file.includes('/') ? ENGINE_LAYERS.indexOf(file.split('/')[0]!) : -1
}

/** The import cycles of `graph` (its strongly connected components of more than one file, or a file that imports itself). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const order = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const cycles: string[][] = []
  const visit = (file: string): void => {
    order.set(file, order.size)
    low.set(file, order.get(file)!)
    stack.push(file)
    for (const target of graph.get(file) ?? []) {
      if (!order.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, order.get(target)!))
    }
    if (low.get(file) !== order.get(file)) return
    const cycle = stack.splice(stack.indexOf(file))
    if (cycle.length > 1 || graph.get(file)?.includes(file)) cycles.push(cycle.sort())
  }
  for (const file of graph.keys()) if (!order.has(file)) visit(file)
  return cycles
}

describe("the engine's folders, in the order a build runs through them", () => {
  const graph = engineGraph()

  it('puts every file in one of the declared folders (or is an entry at src/)', () => {
    expect(graph.size).toBeGreaterThan(40)
    expect([...graph.keys()].filter((file) => layerOf(file) < 0)).toEqual([])
  })

  it('imports nothing from a folder later in the order', () => {
    const upward = [...graph].flatMap(([file, targets]) => targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} imports ${target}`))
    expect(upward).toEqual([])
  })

  it('has no import cycle, type imports included', () => {
    expect(cyclesOf(graph)).toEqual([])
    // The check itself finds one.
    expect(cyclesOf(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})
