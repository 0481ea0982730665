import { posix } from 'node:path'
import { init, parse } from 'es-module-lexer'
import type { ManifestImportMap } from '@assetmap/runtime'
import { AssetmapError } from '@assetmap/runtime/internal'
import { JS_MODULE } from '../table/importMapMode.ts'

/** What `recordImportMap` needs of a build. */
export interface ImportMapInput {
  /** The static stage's logical name → output path. */
  assets: ReadonlyMap<string, string>
  /** Reads an output file's final bytes. */
  read: (output: string) => Uint8Array | Promise<Uint8Array>
  /** URL path the output dir is served under (`/static/`): absolute specifiers under it name a module. */
  basePath: string
  /** Bare specifier → logical name of a module. */
  specifiers: Readonly<Record<string, string>>
}

/**
 * What each output's parse gave, per build session: a watch's result keeps one `assets` map across
 * its builds, and an output path names its content, so a rebuild parses only the modules it renamed.
 */
const parsedImports = new WeakMap<ReadonlyMap<string, string>, { specifiers: string; byOutput: Map<string, string[]> }>()
const decoder = new TextDecoder()

/** A specifier's path as the file name it reaches: `./100%25.js` is `100%.js`; a `%` that starts no escape stays. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/** The logical name a specifier written in module `from` names, if it names one by its path or as a configured bare specifier. */
function resolveSpecifier(specifier: string, from: string, { basePath, specifiers }: ImportMapInput): string | undefined {
  if (Object.hasOwn(specifiers, specifier)) return specifiers[specifier]
  const path = decodePath(specifier.replace(/[?#].*$/s, ''))
  if (path.startsWith('./') || path.startsWith('../')) {
    const joined = posix.join(posix.dirname(from), path)
    return joined.startsWith('../') ? undefined : joined
  }
  if (path.startsWith(basePath)) return path.slice(basePath.length)
  return undefined
}

/** The logical names a module imports statically by path or configured bare specifier (sorted, once each). */
function staticImports(code: string, name: string, input: ImportMapInput): string[] {
  let imports: ReturnType<typeof parse>[0]
  try {
    ;[imports] = parse(code, name)
  } catch {
    // Not valid JavaScript: the static stage copied it unchanged with a warning already.
    return []
  }
  const found = new Set<string>()
  for (const item of imports) {
    // Static imports and `export * from` (not `import source`, nor a type-only import); dynamic imports load on demand: mapped, never preloaded.
    if ((item.type !== 'static' && item.type !== 'reexport-star') || item.phase === 'source' || item.typeOnly) continue
    const target = resolveSpecifier(item.specifier, name, input)
    if (target !== undefined && target !== name) found.add(target)
  }
  return [...found].sort()
}

/**
 * The manifest's `importMap` record of an import-map build: every JS module of the static dirs
 * with the modules it imports statically (for the page's modulepreload closure), and the bare
 * specifiers. Read from the final bytes, whose specifiers are as written. Throws
 * `INVALID_OPTION` for a specifier that maps to no module of the build.
 */
export async function recordImportMap(input: ImportMapInput): Promise<ManifestImportMap> {
  await init
  const modules = new Set([...input.assets.keys()].filter((name) => JS_MODULE.test(name)))
  for (const [specifier, target] of Object.entries(input.specifiers)) {
    if (!modules.has(target)) {
      throw new AssetmapError('INVALID_OPTION', `importMap.specifiers: "${specifier}" maps to "${target}", which is no JS module of the static dirs. Add the file to a static dir or fix the mapping.`, {
        value: specifier,
      })
    }
  }
  const specifierKey = JSON.stringify(input.specifiers)
  let parsed = parsedImports.get(input.assets)
  if (parsed === undefined || parsed.specifiers !== specifierKey) parsedImports.set(input.assets, (parsed = { specifiers: specifierKey, byOutput: new Map() }))
  const graph: Record<string, string[]> = {}
  for (const name of [...modules].sort()) {
    const output = input.assets.get(name)!
    // Imports resolve against the set of modules, which may have changed: filtered again each build.
    let found = parsed.byOutput.get(output)
    if (found === undefined) parsed.byOutput.set(output, (found = staticImports(decoder.decode(await input.read(output)), name, input)))
    graph[name] = found.filter((target) => modules.has(target))
  }
  // Forget the outputs this build no longer names, once they are as many as those it does.
  if (parsed.byOutput.size > modules.size * 2) {
    const current = new Set([...modules].map((name) => input.assets.get(name)!))
    for (const output of [...parsed.byOutput.keys()]) if (!current.has(output)) parsed.byOutput.delete(output)
  }
  // Made with fromEntries, not assignment: a specifier named `__proto__` is kept as a key.
  const specifiers = Object.fromEntries(Object.keys(input.specifiers).sort().map((specifier) => [specifier, input.specifiers[specifier]!]))
  return { modules: graph, specifiers }
}
