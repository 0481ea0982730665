import { setFlagsFromString } from 'node:v8'

/**
 * Bounds what V8 lets the heap grow to during a build, for the rest of this process:
 * - the young generation stays at the size it has now (1–2 MiB semi-spaces once the CLI's
 *   modules are loaded). By default it doubles up to 16 MiB semi-spaces under a build's
 *   allocation rate, which was 20–30 MiB of the CLI's peak RSS on the 10k and 113 MB trees, for
 *   no CPU time saved (measured: the same or less);
 * - the old generation grows to about twice what the last full collection left live, not up to
 *   four times. A CSS or JS file over 128 KB (64K characters when it is not ASCII) is read as a
 *   string that V8 puts on a page of its own; one that outlives a young collection is garbage
 *   only a full collection frees, and they piled up to 20 MB between two on the 113 MB tree
 *   (peak RSS 80 → 70 MiB, the same CPU time; see docs/benchmarks.md).
 *
 * `--max-semi-space-size` would do the first too, but only on the command line: set from here it
 * has no effect, while both factors are read each time a space grows. A young generation the
 * user sized (command line or NODE_OPTIONS) or a growing factor the user gave on the command line
 * (Node refuses it in NODE_OPTIONS) wins. Only `assetmap build` does this (`@assetmap/cli`'s
 * functions leave the host process alone), and only once its modules are loaded: any flag set
 * makes V8 refuse the code cache of every Node module loaded afterwards (its flag hash changes):
 * 29 of them, 7% more instructions on a small build, until the two the build loads on first use
 * were loaded here first.
 */
export function keepHeapSmall(): void {
  const commandLine = process.execArgv.join(' ')
  for (const name of LOADED_ON_FIRST_USE) process.getBuiltinModule(name)
  if (!/semi[-_]space/.test(`${process.env.NODE_OPTIONS ?? ''} ${commandLine}`)) setFlagsFromString('--semi-space-growth-factor=1')
  if (!/heap[-_]growing[-_]percent/.test(commandLine)) setFlagsFromString('--heap-growing-percent=100')
}

/** Node modules a build loads after its own modules: `node:crypto` (hashing), `node:perf_hooks` (the `performance` global). */
const LOADED_ON_FIRST_USE = ['node:crypto', 'node:perf_hooks']
