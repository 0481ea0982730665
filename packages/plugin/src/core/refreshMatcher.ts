import { isAbsolute, relative, resolve, sep } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import picomatch from 'picomatch'

/** What the dev server needs of the `refresh` option. */
export interface RefreshMatcher {
  /** Whether a changed file (absolute path) is a template that `refresh` names. */
  matches(file: string): boolean
  /** The folders to watch: each pattern's part before its first glob character. */
  watchDirs: string[]
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

/**
 * Compiles the `refresh` globs with picomatch, relative to `root` (an absolute pattern matches
 * absolute paths). An unbalanced `{`, `[` or `(` is an error naming the pattern, never a hang.
 * @throws AssetmapError `INVALID_OPTION` for a pattern that is empty or does not parse.
 */
export function refreshMatcher(root: string, globs: readonly string[]): RefreshMatcher {
  const tests = globs.map((glob) => {
    let test: (path: string) => boolean
    try {
      // strictBrackets: an unclosed bracket is a mistake to report, not a literal character.
      test = picomatch(toPosix(glob), { strictBrackets: true })
    } catch (error) {
      throw new AssetmapError(
        'INVALID_OPTION',
        `The refresh pattern ${JSON.stringify(glob)} is not a valid glob (${(error as Error).message}). Close every "{", "[" and "(", or escape it with a backslash.`,
        { value: glob, cause: error },
      )
    }
    return { absolute: isAbsolute(glob), test }
  })
  return {
    matches(file: string): boolean {
      const path = resolve(file)
      const fromRoot = toPosix(relative(root, path))
      return tests.some(({ absolute, test }) => test(absolute ? toPosix(path) : fromRoot))
    },
    watchDirs: globs.map((glob) => resolve(root, picomatch.scan(toPosix(glob)).base || '.')),
  }
}
