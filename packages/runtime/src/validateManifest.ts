const RELEASE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const INTEGRITY = /^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/
const ENCODINGS = new Set(['br', 'gzip', 'zstd'])
const MAX_PROBLEMS = 10

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A backslash, a NUL, or a `..` segment. */
const UNSAFE_PATH = /[\\\0]|(?:^|\/)\.\.(?:\/|$)/

/** An output path must stay inside the output dir. */
export function isSafeOutputPath(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !UNSAFE_PATH.test(path)
}

/**
 * Checks a parsed `assetmap.json` against the format (see `manifestSchema`) and for internal
 * consistency (every path an asset or entry names is listed in `files`).
 * @returns the problems found, empty when the manifest is valid (at most 10 are listed).
 */
export function validateManifest(data: unknown): string[] {
  const problems: string[] = []
  const report = (problem: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem)
  }
  if (!isRecord(data)) return ['the manifest must be a JSON object']
  if (data.version !== 1) report(`"version" must be 1 (found ${JSON.stringify(data.version)})`)
  if (typeof data.release !== 'string' || !RELEASE.test(data.release)) report(`"release" must be 1-64 characters of [A-Za-z0-9._-] (found ${JSON.stringify(data.release)})`)
  if (typeof data.base !== 'string' || !data.base.endsWith('/')) report(`"base" must be a string ending in "/" (found ${JSON.stringify(data.base)})`)
  for (const key of Object.keys(data)) {
    if (!['version', 'release', 'base', 'pinnedBase', 'assets', 'entries', 'files'].includes(key)) report(`unknown property "${key}"`)
  }
  if (data.pinnedBase !== undefined && (typeof data.pinnedBase !== 'string' || !data.pinnedBase.endsWith('/'))) report(`"pinnedBase" must be a string ending in "/" (found ${JSON.stringify(data.pinnedBase)})`)

  const files = isRecord(data.files) ? data.files : undefined
  if (!files) report('"files" must be an object')
  // `where` is a function: describing the place costs more than checking it, on thousands of paths.
  const checkPath = (where: () => string, path: unknown): void => {
    if (typeof path !== 'string' || !isSafeOutputPath(path)) report(`${where()} must be a relative path inside the output dir (found ${JSON.stringify(path)})`)
    else if (files && !Object.hasOwn(files, path)) report(`${where()} names "${path}", which "files" does not list`)
  }

  if (!isRecord(data.assets)) report('"assets" must be an object')
  else for (const [name, path] of Object.entries(data.assets)) checkPath(() => `assets[${JSON.stringify(name)}]`, path)

  if (!isRecord(data.entries)) report('"entries" must be an object')
  else {
    for (const [name, entry] of Object.entries(data.entries)) {
      const where = `entries[${JSON.stringify(name)}]`
      if (!isRecord(entry)) {
        report(`${where} must be an object`)
        continue
      }
      if (entry.type !== 'module' && entry.type !== 'classic') report(`${where}.type must be "module" or "classic"`)
      for (const list of ['js', 'css', 'preload'] as const) {
        const paths = entry[list]
        if (!Array.isArray(paths)) report(`${where}.${list} must be an array`)
        else paths.forEach((path, index) => checkPath(() => `${where}.${list}[${index}]`, path))
      }
    }
  }

  if (files) {
    for (const [path, file] of Object.entries(files)) {
      const where = (): string => `files[${JSON.stringify(path)}]`
      if (!isSafeOutputPath(path)) report(`${where()}: the path must stay inside the output dir`)
      if (!isRecord(file)) {
        report(`${where()} must be an object`)
        continue
      }
      if (typeof file.size !== 'number' || !Number.isInteger(file.size) || file.size < 0) report(`${where()}.size must be a whole number of bytes`)
      if (typeof file.integrity !== 'string' || !INTEGRITY.test(file.integrity)) report(`${where()}.integrity must be an SRI hash like "sha384-…"`)
      if (file.encodings !== undefined && (!Array.isArray(file.encodings) || !file.encodings.every((e) => typeof e === 'string' && ENCODINGS.has(e)))) {
        report(`${where()}.encodings must list only "br", "gzip" or "zstd"`)
      }
    }
  }
  return problems
}
