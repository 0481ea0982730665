import { relative, resolve, sep } from 'node:path'
import type { EntryType } from '@assetmap/runtime'
import { createBundleMap, isMetadataFile, toLogicalName, type BundleMap } from './bundleMap.ts'

/** The parts of an esbuild metafile output assetmap reads. */
export interface EsbuildLikeOutput {
  entryPoint?: string
  cssBundle?: string
  imports: Array<{ path: string; kind: string; external?: boolean }>
  inputs: Record<string, unknown>
}

/** How to read an esbuild metafile. */
export interface EsbuildMetafileContext {
  /** Folder logical names are relative to. */
  root: string
  /** esbuild's working directory: metafile paths are relative to it. */
  cwd: string
  outDir: string
  /** Absolute paths of the entry points the user gave (dynamic imports are entry points too in the metafile). */
  entries: string[]
  format: string | undefined
}

const CODE_OR_STYLE = /\.(m?[jt]sx?|cjs|css|map)$/i

/**
 * Maps an esbuild metafile to logical names, entries and files. An entry's CSS is its
 * `cssBundle`; `preload` lists the chunks it imports statically, recursively.
 */
export function collectEsbuildMetafile(outputs: Record<string, EsbuildLikeOutput>, context: EsbuildMetafileContext): BundleMap {
  const map = createBundleMap()
  const toOutput = (path: string): string => relative(context.outDir, resolve(context.cwd, path)).split(sep).join('/')
  const entries = new Set(context.entries)
  const type: EntryType = context.format === 'esm' ? 'module' : 'classic'

  const staticImports = (path: string, seen: Set<string>): string[] => {
    const out: string[] = []
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || seen.has(imported.path) || !outputs[imported.path]) continue
      seen.add(imported.path)
      out.push(...staticImports(imported.path, seen), toOutput(imported.path))
    }
    return out
  }

  for (const [path, output] of Object.entries(outputs)) {
    const file = toOutput(path)
    if (!isMetadataFile(file)) map.files.add(file)
    const inputs = Object.keys(output.inputs)
    if (output.entryPoint) {
      const source = resolve(context.cwd, output.entryPoint)
      const name = toLogicalName(context.root, source)
      if (name === undefined) continue
      const isCss = file.endsWith('.css')
      if (!map.assets.has(name) || !isCss) map.assets.set(name, file)
      if (!entries.has(source)) continue
      if (isCss) map.entries.set(name, { type, js: [], css: [file], preload: [] })
      else map.entries.set(name, { type, js: [file], css: output.cssBundle ? [toOutput(output.cssBundle)] : [], preload: staticImports(path, new Set()) })
    } else if (inputs.length === 1 && !CODE_OR_STYLE.test(file)) {
      const name = toLogicalName(context.root, resolve(context.cwd, inputs[0]!))
      if (name !== undefined && !map.assets.has(name)) map.assets.set(name, file)
    }
  }
  return map
}
