import { AssetmapError } from '@assetmap/runtime'

/**
 * Imports an optional peer of @assetmap/cli with `load` (an `import()` of `name`), only when a
 * command needs it.
 * @throws AssetmapError `DEPENDENCY_MISSING` with `message` (what needs it, and what to install) when it is not installed.
 */
export async function importOptionalPeer<T>(name: string, load: () => Promise<T>, message: string): Promise<T> {
  try {
    return await load()
  } catch (error) {
    // Only the package itself missing; a broken install of it keeps its own error.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !(error as Error).message.includes(`'${name}'`)) throw error
    throw new AssetmapError('DEPENDENCY_MISSING', message, { value: name, cause: error })
  }
}
