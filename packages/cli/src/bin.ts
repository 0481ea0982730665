#!/usr/bin/env node
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { createProgress } from './progress.ts'
import { USAGE } from './usage.ts'

// Each command loads its own modules: `assetmap build` does not pay for the S3 client, nor `publish` for the parsers.
class UsageError extends Error {}

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true } as const)
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

async function build(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    prefix: { type: 'string' },
    base: { type: 'string' },
    release: { type: 'string' },
    strict: { type: 'boolean' },
    'first-wins': { type: 'boolean' },
    'no-originals': { type: 'boolean' },
    compress: { type: 'string' },
    json: { type: 'boolean' },
  })
  if (positionals.length === 0) throw new UsageError('build needs at least one folder: assetmap build static --out dist/static')
  if (typeof values.out !== 'string') throw new UsageError('build needs --out <dir>')
  const progress = createProgress(process.stderr)
  const { buildCommand } = await import('./commands/build.ts')
  const summary = await buildCommand({
    dirs: positionals,
    out: values.out,
    ...(typeof values.prefix === 'string' ? { prefix: values.prefix } : {}),
    ...(typeof values.base === 'string' ? { base: values.base } : {}),
    ...(typeof values.release === 'string' ? { release: values.release } : {}),
    strict: values.strict === true,
    firstWins: values['first-wins'] === true,
    keepOriginals: values['no-originals'] !== true,
    ...(typeof values.compress === 'string' ? { compress: await encodingsArgument(values.compress) } : {}),
    onWarning: (message) => {
      if (!values.json) process.stderr.write(`warning: ${message}\n`)
    },
    ...(values.json ? {} : { onProgress: progress }),
  })
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
  const { resolveEncodings } = await import('@assetmap/build')
  try {
    return resolveEncodings(value === 'all' ? true : value)
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^\[assetmap\] /, ''))
  }
}

async function compress(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { encodings: { type: 'string' }, json: { type: 'boolean' } })
  if (positionals.length !== 1) throw new UsageError('compress needs one folder: assetmap compress dist/static')
  const progress = createProgress(process.stderr)
  const { compressCommand } = await import('./commands/compress.ts')
  const summary = await compressCommand({
    dir: positionals[0]!,
    ...(typeof values.encodings === 'string' ? { encodings: await encodingsArgument(values.encodings) } : {}),
    ...(values.json ? {} : { onProgress: (done: number, total: number) => progress('compress', done, total) }),
  })
  progress.end()
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    const sizes = Object.entries(summary.variantBytes).map(([encoding, bytes]) => `${encoding} ${bytes} B`).join(', ')
    process.stdout.write(`${summary.variants} variants of ${summary.files} files (${summary.bytes} B → ${sizes || 'none kept'})${summary.manifest ? `, listed in ${summary.manifest}` : ''} in ${summary.durationMs} ms\n`)
  }
  return 0
}

async function nginx(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { location: { type: 'string' } })
  if (positionals.length !== 1) throw new UsageError('nginx needs one output folder: assetmap nginx dist/static > /etc/nginx/assetmap.conf')
  const { nginxCommand } = await import('./commands/nginx.ts')
  process.stdout.write(nginxCommand({ dir: positionals[0]!, ...(typeof values.location === 'string' ? { location: values.location } : {}) }))
  return 0
}

const S3_OPTIONS = { endpoint: { type: 'string' }, region: { type: 'string' } } as const

function positiveInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} needs a whole number of at least 1 (found "${value}")`)
  return Number(value)
}

async function publish(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    to: { type: 'string' },
    concurrency: { type: 'string' },
    'dry-run': { type: 'boolean' },
    verify: { type: 'boolean' },
    json: { type: 'boolean' },
    ...S3_OPTIONS,
  })
  if (positionals.length !== 1 || typeof values.to !== 'string') throw new UsageError('publish needs one output folder and a target: assetmap publish dist/static --to s3://bucket/static')
  const progress = createProgress(process.stderr)
  const { publishCommand } = await import('./commands/publish.ts')
  const summary = await publishCommand({
    dir: positionals[0]!,
    to: values.to,
    endpoint: values.endpoint,
    region: values.region,
    dryRun: values['dry-run'] === true,
    verify: values.verify === true,
    ...(values.concurrency === undefined ? {} : { concurrency: positiveInteger('concurrency', values.concurrency)! }),
    ...(values.json ? {} : { onProgress: (done: number, total: number) => progress('upload', done, total) }),
  })
  progress.end()
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
  const { values, positionals } = parse(args, { to: { type: 'string' }, keep: { type: 'string' }, age: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, ...S3_OPTIONS })
  if ((positionals.length !== 1) === (values.to === undefined)) throw new UsageError('clean needs one output folder or --to s3://bucket/prefix: assetmap clean dist/static --keep 3')
  const keep = positiveInteger('keep', values.keep)
  if (keep === undefined) throw new UsageError('clean needs --keep <releases>')
  const { cleanCommand } = await import('./commands/clean.ts')
  const summary = await cleanCommand({
    ...(positionals[0] === undefined ? {} : { dir: positionals[0] }),
    ...(values.to === undefined ? {} : { to: values.to }),
    keep,
    ...(values.age === undefined ? {} : { age: values.age }),
    dryRun: values['dry-run'] === true,
    endpoint: values.endpoint,
    region: values.region,
  })
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    const verb = summary.dryRun ? 'would remove' : 'removed'
    for (const key of summary.remove) process.stdout.write(`${verb} ${key}\n`)
    process.stdout.write(
      `${verb} ${summary.remove.length} files from ${summary.location}; kept releases ${summary.kept.join(', ') || 'none'}` +
        `${summary.dropped.length ? `, dropped ${summary.dropped.join(', ')}` : ''}${summary.spared.length ? `; ${summary.spared.length} files younger than --age stay` : ''}\n`,
    )
  }
  return 0
}

async function inspect(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { check: { type: 'boolean' }, templates: { type: 'string' }, json: { type: 'boolean' } })
  if (positionals.length !== 1) throw new UsageError('inspect needs one manifest: assetmap inspect dist/static/assetmap.json')
  const { formatManifest, inspectCommand } = await import('./commands/inspect.ts')
  const report = await inspectCommand({ manifest: positionals[0]!, check: values.check === true, ...(typeof values.templates === 'string' ? { templates: values.templates } : {}) })
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ manifest: report.manifest, problems: report.problems }, null, 2)}\n`)
  } else {
    if (!values.check && !values.templates) process.stdout.write(`${formatManifest(report.manifest)}\n`)
    if (values.check) process.stdout.write(`checked ${report.checkedFiles} files against their integrity\n`)
    if (values.templates) process.stdout.write(`checked ${report.templateNames} asset names used in templates\n`)
    for (const problem of report.problems) process.stderr.write(`error: ${problem}\n`)
  }
  return report.problems.length > 0 ? 1 : 0
}

const commands: Record<string, (args: string[]) => Promise<number>> = { build, clean, compress, inspect, nginx, publish }

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return command === undefined ? 2 : 0
  }
  const run = commands[command]
  if (!run) throw new UsageError(`unknown command "${command}"`)
  return run(args)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`assetmap: ${error.message}\n\n${USAGE}\n`)
      process.exitCode = 2
    } else {
      process.stderr.write(`assetmap: ${(error as Error).message.replace(/^\[assetmap\] /, '')}\n`)
      process.exitCode = 1
    }
  },
)
