import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { AssetmapError } from '@assetmap/runtime'
import { loadGenerator } from './loadGenerator.ts'
import { stageFiles } from './stageFiles.ts'

/** Options of `pinPackages`. */
export interface PinOptions {
  /** The project folder: packages are found in its `node_modules` (or a parent's). */
  cwd: string
  /**
   * Folder kept between builds under which the pinned files are copied: one subfolder per set of
   * pins (it becomes a static dir of the build), so that two builds of one project pinning other
   * packages (the site's `--pin lit`, the admin's `--pin htmx.org`) never remove each other's files.
   */
  stagingDir: string
  /** Logical-name prefix of the pinned files. @default 'vendor/' */
  prefix?: string
}

/** What pinning gave: a static dir to build, and the bare specifiers the import map needs. */
export interface PinnedPackages {
  /** The staging folder of these pins, to build as `{ dir, prefix }`. */
  dir: string
  prefix: string
  /** Bare specifier → logical name (`lit` → `vendor/lit/index.js`), the packages' own dependencies included. */
  specifiers: Record<string, string>
  /** How many module files the packages and their dependencies need. */
  files: number
}

/** The subfolder name of a set of pins: the same pins, in any order, share their staged files. */
function pinSetKey(pins: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([...new Set(pins)].sort())).digest('hex').slice(0, 12)
}

/** The path of a file under its closest `node_modules`: its logical name under the prefix. */
function packagePath(file: string): string {
  const at = file.lastIndexOf('/node_modules/')
  if (at === -1) throw new AssetmapError('INVALID_OPTION', `--pin: ${file} is not inside a node_modules folder; pin npm packages only.`, { value: file })
  return file.slice(at + '/node_modules/'.length)
}

/**
 * Resolves npm packages for the browser the way importmap-rails' `pin` does, from the project's
 * own `node_modules` and offline: `@jspm/generator` (its `nodemodules` provider) applies each
 * package's `exports` with the `browser`, `module` and `production` conditions and traces every
 * module the pinned specifiers import, dependencies included. The files are copied into
 * `stagingDir` (only those whose bytes changed, so that the build cache spares the rest), and
 * every bare specifier, top-level or scoped, is recorded against its file's logical name.
 * Throws `INVALID_OPTION` when two versions of one package would need scopes (a flat map has none).
 */
export async function pinPackages(pins: readonly string[], options: PinOptions): Promise<PinnedPackages> {
  const { Generator } = await loadGenerator()
  const prefix = options.prefix ?? 'vendor/'
  const mapUrl = pathToFileURL(options.cwd.endsWith('/') ? options.cwd : `${options.cwd}/`)
  const generator = new Generator({
    mapUrl,
    defaultProvider: 'nodemodules',
    env: ['production', 'browser', 'module'],
    // No global fetch cache on disk, and one mapping per file: each one is hashed on its own.
    cache: false,
    flattenScopes: true,
    combineSubpaths: 'none',
    integrity: false,
  })
  let traced: { staticDeps: string[]; dynamicDeps: string[] }
  try {
    traced = await generator.install([...pins])
  } catch (error) {
    // The generator's message names the package and says to install it.
    throw new AssetmapError('INVALID_OPTION', `--pin ${pins.join(',')}: ${(error as Error).message.split('\n')[0]}`, { value: pins, cause: error })
  }
  const map = generator.getMap() as { imports?: Record<string, string>; scopes?: Record<string, Record<string, string>> }
  const specifiers: Record<string, string> = {}
  const add = (specifier: string, target: string): void => {
    const name = prefix + packagePath(fileURLToPath(new URL(target, mapUrl)))
    const known = specifiers[specifier]
    if (known !== undefined && known !== name) {
      throw new AssetmapError('INVALID_OPTION', `--pin: "${specifier}" is needed as both ${known} and ${name} (two versions of one package). Dedupe it (npm dedupe) so one version serves every importer.`, { value: specifier })
    }
    specifiers[specifier] = name
  }
  for (const [specifier, target] of Object.entries(map.imports ?? {})) add(specifier, target)
  for (const scope of Object.values(map.scopes ?? {})) for (const [specifier, target] of Object.entries(scope)) add(specifier, target)
  const files = [...new Set([...traced.staticDeps, ...traced.dynamicDeps])].map((url) => fileURLToPath(url))
  const dir = join(options.stagingDir, pinSetKey(pins))
  stageFiles(files.map((path) => ({ path, name: packagePath(path) })), dir)
  return { dir, prefix, specifiers, files: files.length }
}
