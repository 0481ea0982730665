import { readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AssetmapError } from './AssetmapError.ts'
import type { Manifest } from './types.ts'
import { validateManifest } from './validateManifest.ts'

/** Throws `MANIFEST_INVALID` naming `source` and listing the problems, unless `data` is a valid manifest. */
export function assertManifest(data: unknown, source: string): asserts data is Manifest {
  const problems = validateManifest(data)
  if (problems.length > 0) {
    throw new AssetmapError(
      'MANIFEST_INVALID',
      `The manifest ${source} is invalid:\n  - ${problems.join('\n  - ')}\nRebuild it with the assetmap plugin or \`assetmap build\`.`,
      { value: source },
    )
  }
}

/** File name of the manifest at the root of an output dir. */
export const MANIFEST_FILE = 'assetmap.json'

/** The absolute path of the manifest `path` names: the file itself, or the `assetmap.json` of an output folder. */
export function manifestFilePath(path: string): string {
  const absolute = resolve(path)
  return statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? join(absolute, MANIFEST_FILE) : absolute
}

/**
 * Reads, parses and validates `assetmap.json`, given its path or its output folder's.
 * @throws AssetmapError `MANIFEST_NOT_FOUND` when the file is missing, `MANIFEST_INVALID` when it is not a valid manifest.
 */
export function loadManifest(path: string): Manifest {
  return readManifestFile(manifestFilePath(path), 'give createAssets() the right file or output folder as `manifest`')
}

/**
 * {@link loadManifest} of an absolute file path, saying what to do about a missing file in the
 * caller's terms: `remedy` ends the message (the CLI names its argument, not an option it lacks).
 */
export function readManifestFile(absolute: string, remedy: string): Manifest {
  let text: string
  try {
    text = readFileSync(absolute, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new AssetmapError(
        'MANIFEST_NOT_FOUND',
        `No manifest at ${absolute}. Run the build first (vite build / webpack with the assetmap plugin, or \`assetmap build\`), or ${remedy}.`,
        { value: absolute, cause: error },
      )
    }
    throw new AssetmapError('MANIFEST_INVALID', `Cannot read the manifest ${absolute}: ${(error as Error).message}`, { value: absolute, cause: error })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new AssetmapError('MANIFEST_INVALID', `The manifest ${absolute} is not valid JSON (${(error as Error).message}). Rebuild it.`, {
      value: absolute,
      cause: error,
    })
  }
  assertManifest(data, absolute)
  return data
}
