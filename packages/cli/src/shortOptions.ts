import type { OptionSpec } from './usage.ts'

/** A single-dash argument that is not one letter or a cluster of them: what it was, and what may have been meant. */
export interface MisreadOption {
  /** The argument as given, e.g. `-out`. */
  arg: string
  /** The long form the word spells, for a "did you mean", e.g. `--out`. */
  asLong: string
  /** The value a short option was given in the same word (`-odist`): said as `-o dist` if no long name is close. */
  split?: string
}

/**
 * The first single-dash argument (before `--`) that `parseArgs` would read as a short option with
 * its value attached, or as a cluster holding letters that are no short option: `-out` is `-o ut`
 * to it, which builds into `./ut` and hashes the intended output folder as a source. Such words
 * are far more often a long option with one dash missing than a value glued to `-o`. A cluster
 * of flags (`-wh`), the last of which may take the next argument, is fine.
 */
export function findMisreadOption(args: readonly string[], options: Readonly<Record<string, OptionSpec>>): MisreadOption | undefined {
  const shorts = new Map<string, OptionSpec['type']>()
  for (const { short, type } of Object.values(options)) if (short !== undefined) shorts.set(short, type)
  for (const arg of args) {
    if (arg === '--') return undefined
    if (!/^-[^-]./.test(arg)) continue
    const letters = [...arg.slice(1)]
    const isCluster = letters.every((letter, index) => shorts.get(letter) === 'boolean' || (index === letters.length - 1 && shorts.has(letter)))
    if (isCluster) continue
    const asLong = `-${arg.split('=')[0]}`
    const first = letters[0]!
    return shorts.get(first) === 'string' ? { arg, asLong, split: `-${first} ${arg.slice(2)}` } : { arg, asLong }
  }
  return undefined
}
