import { setFlagsFromString } from 'node:v8'

/**
 * Keeps V8's young generation at the size it has now (1–2 MiB semi-spaces once the CLI's modules
 * are loaded) for the rest of this process. By default it doubles up to 16 MiB semi-spaces under
 * a build's allocation rate, which was 20–30 MiB of the CLI's peak RSS on the 10k and 113 MB trees,
 * for no CPU time saved (measured: the same or less). `--max-semi-space-size` would do it too, but only on the command
 * line: set from here it has no effect, while the growth factor is read each time the space grows.
 * An explicit `--max-semi-space-size`/`--min-semi-space-size` (command line or NODE_OPTIONS) wins.
 * Only `assetmap build` does this (`@assetmap/cli`'s functions leave the host process alone), and
 * only once its modules are loaded: any flag set makes V8 refuse the code cache of every Node
 * module loaded afterwards (its flag hash changes): 29 of them, 7% more instructions on a small
 * build, until the two the build loads on first use were loaded here first.
 */
export function keepYoungGenerationSmall(): void {
  if (/semi[-_]space/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)) return
  for (const name of LOADED_ON_FIRST_USE) process.getBuiltinModule(name)
  setFlagsFromString('--semi-space-growth-factor=1')
}

/** Node modules a build loads after its own modules: `node:crypto` (hashing), `node:perf_hooks` (the `performance` global). */
const LOADED_ON_FIRST_USE = ['node:crypto', 'node:perf_hooks']
