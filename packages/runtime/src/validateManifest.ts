import { ALL_ENTRY_KEYS, ALL_FILE_KEYS, ENCODINGS, ENTRY_KEYS, ENTRY_TYPES, FILE_KEYS, isIntegrity, MANIFEST_KEYS, ALL_MANIFEST_KEYS, OUTPUT_PATH_PATTERN, RELEASE_PATTERN } from './manifestFormat.ts'
import { validateImportMap } from './validateImportMap.ts'

// No `u` flag where the pattern means the same without it: V8 runs these several times faster, on every path of a manifest.
const RELEASE = new RegExp(RELEASE_PATTERN, 'u')
const OUTPUT_PATH = new RegExp(OUTPUT_PATH_PATTERN)
const MAX_PROBLEMS = 10

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An output path must stay inside the output dir (relative, no `..` segment, no backslash or NUL). */
export function isSafeOutputPath(path: string): boolean {
  return OUTPUT_PATH.test(path)
}

/** Whether a release id is valid (1–64 characters of `[A-Za-z0-9._-]`, starting with a letter or digit). */
export function isValidRelease(release: unknown): release is string {
  return typeof release === 'string' && RELEASE.test(release)
}

/**
 * Checks a parsed `assetmap.json` against the format (the same rules `manifestSchema` publishes,
 * from `manifestFormat.ts`) and for internal consistency, which a schema cannot say: every path
 * an asset or entry names is listed in `files`.
 * @returns the problems found, empty when the manifest is valid (at most 10 are listed).
 */
export function validateManifest(data: unknown): string[] {
  const problems: string[] = []
  const report = (problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem)
  }
  // `where` is a function: describing the place costs more than checking it, on thousands of paths.
  const checkKeys = (where: () => string, value: Record<string, unknown>, required: readonly string[], allowed: readonly string[]): void => {
    for (const key of required) if (!Object.hasOwn(value, key)) report(`${where()} misses the property "${key}"`)
    // for…in: no array of keys per record (inherited keys are no properties of it: hasOwn).
    for (const key in value) if (!allowed.includes(key) && Object.hasOwn(value, key)) report(`${where()} has an unknown property "${key}"`)
  }
  if (!isRecord(data)) return ['the manifest must be a JSON object']
  checkKeys(() => 'the manifest', data, MANIFEST_KEYS, ALL_MANIFEST_KEYS)
  if (data.version !== 1) report(`"version" must be 1 (found ${JSON.stringify(data.version)})`)
  if (!isValidRelease(data.release)) report(`"release" must be 1-64 characters of [A-Za-z0-9._-] (found ${JSON.stringify(data.release)})`)
  if (typeof data.base !== 'string' || !data.base.endsWith('/')) report(`"base" must be a string ending in "/" (found ${JSON.stringify(data.base)})`)
  if (data.pinnedBase !== undefined && (typeof data.pinnedBase !== 'string' || !data.pinnedBase.endsWith('/'))) report(`"pinnedBase" must be a string ending in "/" (found ${JSON.stringify(data.pinnedBase)})`)

  const files = isRecord(data.files) ? data.files : undefined
  if (!files) report('"files" must be an object')
  const checkPath = (where: () => string, path: unknown): void => {
    if (typeof path !== 'string' || !isSafeOutputPath(path)) report(`${where()} must be a relative path inside the output dir (found ${JSON.stringify(path)})`)
    else if (files && !Object.hasOwn(files, path)) report(`${where()} names "${path}", which "files" does not list`)
  }

  if (!isRecord(data.assets)) report('"assets" must be an object')
  else {
    const assets = data.assets
    for (const name of Object.keys(assets)) checkPath(() => `assets[${JSON.stringify(name)}]`, assets[name])
  }

  if (!isRecord(data.entries)) report('"entries" must be an object')
  else {
    for (const [name, entry] of Object.entries(data.entries)) {
      const where = `entries[${JSON.stringify(name)}]`
      if (!isRecord(entry)) {
        report(`${where} must be an object`)
        continue
      }
      checkKeys(() => where, entry, ENTRY_KEYS, ALL_ENTRY_KEYS)
      if (!ENTRY_TYPES.includes(entry.type as never)) report(`${where}.type must be ${ENTRY_TYPES.map((type) => `"${type}"`).join(' or ')}`)
      for (const list of ['js', 'css', 'preload', 'fonts', 'lazy'] as const) {
        const paths = entry[list]
        if (paths === undefined && (list === 'fonts' || list === 'lazy')) continue
        if (!Array.isArray(paths)) report(`${where}.${list} must be an array`)
        else paths.forEach((path, index) => checkPath(() => `${where}.${list}[${index}]`, path))
      }
    }
  }

  if (files) {
    for (const path of Object.keys(files)) {
      const file = files[path]
      const where = (): string => `files[${JSON.stringify(path)}]`
      if (!isSafeOutputPath(path)) report(`${where()}: the path must stay inside the output dir`)
      if (!isRecord(file)) {
        report(`${where()} must be an object`)
        continue
      }
      checkKeys(where, file, FILE_KEYS, ALL_FILE_KEYS)
      if (typeof file.size !== 'number' || !Number.isInteger(file.size) || file.size < 0) report(`${where()}.size must be a whole number of bytes`)
      if (!isIntegrity(file.integrity)) report(`${where()}.integrity must be an SRI hash like "sha384-…"`)
      const encodings = file.encodings
      if (encodings !== undefined) {
        if (!Array.isArray(encodings) || !encodings.every((e) => ENCODINGS.includes(e))) report(`${where()}.encodings must list only ${ENCODINGS.map((e) => `"${e}"`).join(', ')}`)
        else if (new Set(encodings).size !== encodings.length) report(`${where()}.encodings lists an encoding twice`)
      }
    }
  }
  validateImportMap(data.importMap, isRecord(data.assets) ? data.assets : undefined, report)
  return problems
}
