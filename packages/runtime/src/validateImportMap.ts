import { IMPORT_MAP_KEYS } from './manifestFormat.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Checks the manifest's optional `importMap` (see `ManifestImportMap`): its shape, as the schema
 * says, and what a schema cannot say: every module is an asset, every import and every bare
 * specifier names one of the modules.
 */
export function validateImportMap(importMap: unknown, assets: Record<string, unknown> | undefined, report: (problem: string) => void): void {
  if (importMap === undefined) return
  if (!isRecord(importMap)) return report('"importMap" must be an object')
  for (const key of IMPORT_MAP_KEYS) if (!Object.hasOwn(importMap, key)) report(`importMap misses the property "${key}"`)
  for (const key of Object.keys(importMap)) if (!IMPORT_MAP_KEYS.includes(key as never)) report(`importMap has an unknown property "${key}"`)
  const { modules, specifiers } = importMap
  if (!isRecord(modules)) return report('importMap.modules must be an object')
  for (const [name, imports] of Object.entries(modules)) {
    const where = `importMap.modules[${JSON.stringify(name)}]`
    if (assets && !Object.hasOwn(assets, name)) report(`${where} is no asset the manifest lists`)
    if (!Array.isArray(imports) || !imports.every((item) => typeof item === 'string')) report(`${where} must be an array of module names`)
    else for (const target of imports) if (!Object.hasOwn(modules, target)) report(`${where} imports "${target}", which importMap.modules does not list`)
  }
  if (!isRecord(specifiers)) return report('importMap.specifiers must be an object')
  for (const [specifier, target] of Object.entries(specifiers)) {
    if (typeof target !== 'string' || !Object.hasOwn(modules, target)) report(`importMap.specifiers[${JSON.stringify(specifier)}] must name a module importMap.modules lists (found ${JSON.stringify(target)})`)
  }
}
