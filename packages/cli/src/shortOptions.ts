import type { OptionSpec } from './usage.ts'

/** What is wrong with a single-dash argument, for a usage error: the message, and the name to find close ones to. */
export interface MisreadOption {
  message: string
  /** The long form the word spells (`--out` for `-out`) and the command's long options, for a "did you mean". */
  guess?: { wanted: string; known: string[] }
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
    const wanted = `-${arg.split('=')[0]}`
    const known = Object.keys(options).map((name) => `--${name}`)
    // `-output` meant `--out`; `-odist` meant `-o dist`.
    const spellsLong = known.some((name) => name.startsWith(wanted) || wanted.startsWith(name))
    if (shorts.get(letters[0]!) === 'string' && !spellsLong) {
      return { message: `unknown option "${arg}" (a short option takes its value after a space: "-${letters[0]} ${arg.slice(2)}")` }
    }
    return { message: `unknown option "${arg}"`, guess: { wanted, known } }
  }
  return undefined
}
