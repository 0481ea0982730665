import { AssetmapError } from '@assetmap/runtime/internal'

/**
 * The `WRITE_FAILED` error for a file that could not be read or written, naming the file at
 * fault (not a temp name) and what was being done to it.
 */
export function failedAt(path: string, error: unknown, action: 'read' | 'write' = 'write'): AssetmapError {
  const hint = action === 'read' ? 'Check that the static folder is readable.' : 'Check that the output folder is writable and has room.'
  return new AssetmapError('WRITE_FAILED', `Cannot ${action} ${path}: ${(error as Error).message}. ${hint}`, { value: path, cause: error })
}
