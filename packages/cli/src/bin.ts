import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { BuildCommandOptions } from './commands/build.ts'
import { createProgress } from './progress.ts'
import { findMisreadOption } from './shortOptions.ts'
import { COMMANDS, commandUsage, mainUsage, type CommandName } from './usage.ts'

// Each command loads its own modules: `assetmap build` does not pay for the S3 client, nor `publish` for the parsers;
// `--version`, `--help` and usage errors load none (@assetmap/runtime is some twenty modules).
/** Bad usage of `command` (undefined: no command yet): exit 2, one line and where to find help. */
class UsageError extends Error {
  constructor(
    message: string,
    public command?: CommandName,
    /** A name that was not understood and the names it may have meant, for a "did you mean" (told when printed). */
    public guess?: { wanted: string; known: Iterable<string> },
  ) {
    super(message)
  }
}

/** A string option's value (parseArgs types every value loosely when the options are built at run time). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

async function didYouMean(guess: UsageError['guess']): Promise<string> {
  if (guess === undefined) return ''
  const { closestNames } = await import('@assetmap/runtime/internal')
  const [close] = closestNames(guess.wanted, guess.known, 1)
  return close === undefined ? '' : ` (did you mean "${close}"?)`
}

/** Node's parseArgs messages are long and quote oddly; say what is wrong with which option, in one line. */
function usageError(command: CommandName, error: Error & { code?: string }): UsageError {
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(error.message)?.[1] ?? ''
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(COMMANDS[command]!.options).map((name) => `--${name}`)
    return new UsageError(`unknown option "${option}"`, command, { wanted: option, known })
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return new UsageError(/does not take/.test(error.message) ? `${option} takes no value` : `${option} needs a value`, command)
  return new UsageError(error.message, command)
}

/** Reads `args` with the options `usage.ts` declares for `command`. */
function parse(command: CommandName, args: string[]) {
  // `-out` and the like, which parseArgs reads as `-o ut`.
  const misread = findMisreadOption(args, COMMANDS[command].options)
  if (misread !== undefined) throw new UsageError(misread.message, command, misread.guess)
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [name, { type, short }] of Object.entries(COMMANDS[command].options)) options[name] = short ? { type, short } : { type }
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (error) {
    throw usageError(command, error as Error)
  }
}

/**
 * `build --watch`: a line per build (with `--json`, its summary on one line), an error reported
 * without ending the watch, and a clean exit on SIGINT or SIGTERM.
 */
async function watchBuild(options: BuildCommandOptions, json: boolean): Promise<number> {
  const { describeChanges, rebuildLine, watchCommand } = await import('./commands/watch.ts')
  // Every rebuild says its files' warnings again; each is printed once, the count goes on each line.
  const said = new Set<string>()
  const watching = await watchCommand({
    ...options,
    onWarning(message) {
      if (said.has(message)) return
      said.add(message)
      options.onWarning?.(message)
    },
    onBuild(changed, summary) {
      process.stdout.write(`${json ? JSON.stringify({ changed, ...summary }) : rebuildLine(changed, summary)}\n`)
    },
    onError(changed, error) {
      const message = error instanceof Error ? error.message.replace(/^\[assetmap\] /, '') : String(error)
      const after = changed.length === 0 ? '' : ` after ${describeChanges(changed)}`
      process.stderr.write(`error${after}: ${message}\nassetmap: still watching; fix it and save again.\n`)
    },
  })
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await watching.close()
  if (!json) process.stderr.write(`assetmap: stopped watching (${signal}).\n`)
  return 0
}

/** `--pin lit,lit/decorators.js`: the specifiers, each once. */
function pinList(value: string): string[] {
  const pins = [...new Set(value.split(',').map((pin) => pin.trim()))].filter((pin) => pin !== '')
  if (pins.length === 0) throw new UsageError('--pin needs at least one package: --pin lit,lit/decorators.js', 'build')
  return pins
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parse('build', args)
  if (positionals.length === 0) throw new UsageError('build needs at least one folder: assetmap build static --out dist/static')
  if (typeof values.out !== 'string') throw new UsageError('build needs --out <dir>')
  const options: BuildCommandOptions = {
    dirs: positionals,
    out: values.out,
    ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
    ...(typeof values.base === 'string' ? { base: values.base } : {}),
    ...(typeof values.release === 'string' ? { release: values.release } : {}),
    strict: values.strict === true,
    firstWins: values['first-wins'] === true,
    keepOriginals: values['no-originals'] !== true,
    ...(values.importmap === true ? { importMap: true } : {}),
    ...(typeof values.pin === 'string' ? { pin: pinList(values.pin) } : {}),
    ...(typeof values.compress === 'string' ? { compress: await encodingsArgument(values.compress) } : {}),
    onWarning: (message) => {
      if (!values.json) process.stderr.write(`warning: ${message}\n`)
    },
  }
  if (values.watch) return watchBuild(options, values.json === true)
  const progress = createProgress(process.stderr)
  const { buildCommand } = await import('./commands/build.ts')
  const summary = await buildCommand({ ...options, ...(values.json ? {} : { onProgress: progress }) })
  progress.end()
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    for (const { name, target } of summary.links) process.stdout.write(`followed link ${name} → ${target} (outside the static folders)\n`)
    for (const { name, shadowed } of summary.shadowed) process.stdout.write(`shadowed ${name}: ${shadowed} (an earlier folder has it)\n`)
    process.stdout.write(`${summary.assets} files hashed into ${summary.manifest} (release ${summary.release}, ${summary.warnings.length} warnings, ${summary.durationMs} ms)\n`)
  }
  return 0
}

/** `--compress all` or a list such as `br,gzip`; a bad list is a usage error. */
async function encodingsArgument(value: string) {
  const { resolveEncodings } = await import('@assetmap/engine/internal')
  try {
    return resolveEncodings(value === 'all' ? true : value)
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^\[assetmap\] /, ''))
  }
}

async function compress(args: string[]): Promise<number> {
  const { values, positionals } = parse('compress', args)
  if (positionals.length !== 1) throw new UsageError('compress needs one folder: assetmap compress dist/static')
  const progress = createProgress(process.stderr)
  const { compressCommand } = await import('./commands/compress.ts')
  const summary = await compressCommand({
    dir: positionals[0]!,
    ...(typeof values.encodings === 'string' ? { encodings: await encodingsArgument(values.encodings) } : {}),
    ...(values.json ? {} : { onProgress: (done: number, total: number) => progress('compress', done, total) }),
  })
  progress.end()
  if (summary.manifestChanged) process.stderr.write(`assetmap: a newer build replaced ${summary.manifest ?? 'the manifest'} while compressing; it was kept, listing the variants of the files both builds share.\n`)
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    const sizes = Object.entries(summary.variantBytes).map(([encoding, bytes]) => `${encoding} ${bytes} B`).join(', ')
    process.stdout.write(`${summary.variants} variants of ${summary.files} files (${summary.bytes} B → ${sizes || 'none kept'})${summary.manifest ? `, listed in ${summary.manifest}` : ''} in ${summary.durationMs} ms\n`)
  }
  return 0
}

async function nginx(args: string[]): Promise<number> {
  const { values, positionals } = parse('nginx', args)
  if (positionals.length !== 1) throw new UsageError('nginx needs one output folder: assetmap nginx dist/static > /etc/nginx/assetmap.conf')
  const { nginxCommand } = await import('./commands/nginx.ts')
  process.stdout.write(nginxCommand({ dir: positionals[0]!, ...(typeof values.location === 'string' ? { location: values.location } : {}) }))
  return 0
}

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} needs a whole number of at least 1 (found "${value}")`)
  return Number(value)
}

async function publish(args: string[]): Promise<number> {
  const { values, positionals } = parse('publish', args)
  if (positionals.length !== 1 || typeof values.to !== 'string') throw new UsageError('publish needs one output folder and a target: assetmap publish dist/static --to s3://bucket/static')
  const progress = createProgress(process.stderr)
  const { publishCommand } = await import('./commands/publish.ts')
  const summary = await publishCommand({
    dir: positionals[0]!,
    to: values.to,
    endpoint: text(values.endpoint),
    region: text(values.region),
    dryRun: values['dry-run'] === true,
    verify: values.verify === true,
    ...(values.concurrency === undefined ? {} : { concurrency: positiveInteger('concurrency', text(values.concurrency))! }),
    ...(values.json ? {} : { onProgress: (done: number, total: number) => progress('upload', done, total) }),
  })
  progress.end()
  for (const release of summary.withheld) process.stderr.write(`warning: release ${release}'s manifest copy was not uploaded: it names files this folder no longer holds\n`)
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    if (summary.dryRun) for (const upload of summary.uploaded) process.stdout.write(`would upload ${upload.key} (${upload.reason}, ${upload.size} B, ${upload.cacheControl})\n`)
    process.stdout.write(
      `${summary.dryRun ? 'would upload' : 'uploaded'} ${summary.uploaded.length} objects (${summary.bytes} B) to ${summary.to}, ${summary.skipped} already there; release ${summary.release} (${summary.durationMs} ms)\n`,
    )
  }
  return 0
}

async function clean(args: string[]): Promise<number> {
  const { values, positionals } = parse('clean', args)
  if ((positionals.length !== 1) === (values.to === undefined)) throw new UsageError('clean needs one output folder or --to s3://bucket/prefix: assetmap clean dist/static --keep 3')
  const keep = positiveInteger('keep', text(values.keep))
  if (keep === undefined) throw new UsageError('clean needs --keep <releases>')
  if (values.orphans && values.age === undefined) throw new UsageError('clean --orphans needs --age (such as --age 1h): younger files may belong to a build still running')
  const { cleanCommand } = await import('./commands/clean.ts')
  const summary = await cleanCommand({
    ...(positionals[0] === undefined ? {} : { dir: positionals[0] }),
    ...(typeof values.to === 'string' ? { to: values.to } : {}),
    keep,
    ...(typeof values.age === 'string' ? { age: values.age } : {}),
    orphans: values.orphans === true,
    dryRun: values['dry-run'] === true,
    endpoint: text(values.endpoint),
    region: text(values.region),
  })
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    const verb = summary.dryRun ? 'would remove' : 'removed'
    for (const key of summary.remove) process.stdout.write(`${verb} ${key}${summary.orphans.includes(key) ? ' (named by no manifest)' : ''}\n`)
    process.stdout.write(
      `${verb} ${summary.remove.length} files from ${summary.location}; kept releases ${summary.kept.join(', ') || 'none'}` +
        `${summary.dropped.length ? `, dropped ${summary.dropped.join(', ')}` : ''}${summary.spared.length ? `; ${summary.spared.length} files younger than --age stay` : ''}\n`,
    )
  }
  return 0
}

/** `--builds admin=dist/admin,legacy=dist/legacy` as a record of folders by build name. */
function buildFolders(list: string): Record<string, string> {
  const builds: Record<string, string> = {}
  for (const item of list.split(',')) {
    const at = item.indexOf('=')
    if (at < 1 || at === item.length - 1) throw new UsageError(`--builds: ${JSON.stringify(item)} is not name=folder (e.g. --builds admin=dist/admin,legacy=dist/legacy)`)
    builds[item.slice(0, at)] = item.slice(at + 1)
  }
  return builds
}

async function inspect(args: string[]): Promise<number> {
  const { values, positionals } = parse('inspect', args)
  if (positionals.length !== 1) throw new UsageError('inspect needs one output folder or manifest: assetmap inspect dist/static')
  const { formatManifest, inspectCommand, skippedNote } = await import('./commands/inspect.ts')
  const builds = typeof values.builds === 'string' ? buildFolders(values.builds) : undefined
  const report = await inspectCommand({ manifest: positionals[0]!, check: values.check === true, ...(typeof values.templates === 'string' ? { templates: values.templates } : {}), ...(builds ? { builds } : {}) })
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ manifest: report.manifest, problems: report.problems }, null, 2)}\n`)
  } else {
    if (!values.check && !values.templates) process.stdout.write(`${formatManifest(report.manifest)}\n`)
    if (values.check) process.stdout.write(`checked ${report.checkedFiles} files against their integrity\n`)
    if (values.templates) process.stdout.write(`checked ${report.templateNames} asset names used in templates\n${skippedNote(report.skipped)}`)
    for (const problem of report.problems) process.stderr.write(`error: ${problem}\n`)
  }
  return report.problems.length > 0 ? 1 : 0
}

async function init(args: string[]): Promise<number> {
  const { values, positionals } = parse('init', args)
  if (positionals.length > 0) throw new UsageError('init takes no folder: run it in the project folder')
  const { initCommand, initReport, runInstall } = await import('./commands/init.ts')
  const summary = initCommand({ dryRun: values['dry-run'] === true, ...(values.fastify ? { framework: 'fastify' as const } : {}) })
  const installing = values.install === true && !summary.dryRun
  process.stdout.write(`${initReport(summary, installing)}\n`)
  return installing && !(await runInstall(summary)) ? 1 : 0
}

const commands: Record<CommandName, (args: string[]) => Promise<number>> = { init, build, clean, compress, inspect, nginx, publish }

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(commands, name)
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

/** `--help`/`-h` anywhere before a `--` asks for help, whatever else the line holds. */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === undefined) {
    process.stderr.write(`assetmap: which command? Pick one:\n\n${mainUsage()}\n`)
    return 2
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? args[0] : undefined
    process.stdout.write(`${topic !== undefined && isCommand(topic) ? commandUsage(topic) : mainUsage()}\n`)
    return 0
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`)
    return 0
  }
  if (!isCommand(command)) throw new UsageError(`unknown ${command.startsWith('-') ? 'option' : 'command'} "${command}"`, undefined, { wanted: command, known: Object.keys(commands) })
  if (wantsHelp(args)) {
    process.stdout.write(`${commandUsage(command)}\n`)
    return 0
  }
  try {
    return await commands[command](args)
  } catch (error) {
    if (error instanceof UsageError) error.command ??= command
    throw error
  }
}

/** A failure the user can act on from its message alone: ours, or the system's (ENOENT, EACCES…). Anything else is a bug: keep its stack. */
async function isUserError(error: unknown): Promise<boolean> {
  if (!(error instanceof Error)) return false
  if (typeof (error as NodeJS.ErrnoException).syscall === 'string') return true
  // Loaded already when a command threw one: the import costs nothing then. Not `instanceof`: the
  // error may come from another copy of the runtime (npm workspaces, pnpm; and on Node 20, any
  // package loaded through a symlink after a FIFO or socket was stat'ed).
  const { isAssetmapError } = await import('@assetmap/runtime')
  return isAssetmapError(error)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  async (error: unknown) => {
    if (error instanceof UsageError) {
      const help = error.command === undefined ? 'assetmap' : `assetmap ${error.command}`
      // A message that starts with the command's name ("build needs --out") names it already.
      const where = error.command === undefined || error.message.startsWith(`${error.command} `) ? 'assetmap' : help
      process.stderr.write(`${where}: ${error.message}${await didYouMean(error.guess)}\nRun "${help} --help" for ${error.command === undefined ? 'the commands' : 'its options'}.\n`)
      process.exitCode = 2
    } else if (error instanceof Error && (await isUserError(error))) {
      process.stderr.write(`assetmap: ${error.message.replace(/^\[assetmap\] /, '')}\n`)
      process.exitCode = 1
    } else {
      process.stderr.write(`assetmap: unexpected error, please report it with this trace:\n${error instanceof Error ? error.stack : String(error)}\n`)
      process.exitCode = 1
    }
  },
)
