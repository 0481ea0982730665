/** One option of a command: how `parseArgs` reads it and the line `assetmap <command> --help` prints. */
export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** What the value looks like in the help, e.g. `<dir>`; string options only. */
  value?: string
  help: string
}

/** One command: its synopsis, what it does, and its options. Adding a flag is one line in `options`. */
export interface CommandSpec {
  synopsis: string
  summary: string
  /** Longer explanation printed under the synopsis by `--help`. */
  details: string
  options: Record<string, OptionSpec>
}

/** A command's name. */
export type CommandName = 'init' | 'build' | 'compress' | 'inspect' | 'nginx' | 'publish' | 'clean'

const json = { type: 'boolean', help: 'print a machine-readable summary on stdout' } as const
const s3 = {
  endpoint: { type: 'string', value: '<url>', help: 'an S3-compatible service (MinIO, R2, Spaces); credentials from the AWS environment variables or profile' },
  region: { type: 'string', value: '<name>', help: 'default AWS_REGION, else us-east-1' },
} as const

/** Every command of the CLI, in the order `assetmap --help` lists them. */
export const COMMANDS: Record<CommandName, CommandSpec> = {
  init: {
    synopsis: 'init',
    summary: 'add Vite, the plugin, a layout with {% entry %} and the dev/build/start scripts to an Express or Fastify app',
    details: 'Writes vite.config.js, views/layout.njk, views/index.njk, src/main.js and src/main.css, a server.js if there is none (else prints the lines to add to yours; .mjs for both in a CommonJS package), and the dev, build and start scripts.\nWrites nothing if one of those files exists or package.json has one of those scripts with another command.',
    options: {
      fastify: { type: 'boolean', help: 'write the Fastify server (default: Fastify when package.json depends on fastify and not express)' },
      install: { type: 'boolean', help: 'run the npm install commands for the packages package.json lacks (else they are printed)' },
      'dry-run': { type: 'boolean', help: 'list what would be written' },
    },
  },
  build: {
    synopsis: 'build <dir>... --out <dir>',
    summary: 'hash static folders into an output folder and write its assetmap.json',
    details: 'Hashes every file of the folders, rewriting references in CSS and JS to the hashed names, and writes <out>/assetmap.json last.',
    options: {
      out: { type: 'string', short: 'o', value: '<dir>', help: 'the output folder (required)' },
      prefix: { type: 'string', value: '<path>', help: 'put every logical name under this path' },
      base: { type: 'string', value: '<url>', help: 'default base URL recorded in the manifest (default /static/)' },
      release: { type: 'string', value: '<id>', help: 'release id, e.g. a git sha (default: a hash of the content)' },
      strict: { type: 'boolean', help: 'fail, listing every broken reference, instead of warning' },
      'first-wins': { type: 'boolean', help: "when folders hold the same file, use the first folder's (the others are listed)" },
      'no-originals': { type: 'boolean', help: 'do not write the unhashed copies beside the hashed files' },
      compress: { type: 'string', value: '<list>', help: 'precompress the output: br,gzip,zstd or all (zstd needs Node >= 22.15)' },
      watch: { type: 'boolean', short: 'w', help: 'rebuild on every change, one line per rebuild, until Ctrl-C' },
      importmap: { type: 'boolean', help: 'import-map mode: hash JS modules but leave their imports as written; {% importmap %} maps them' },
      pin: { type: 'string', value: '<list>', help: 'npm packages to map by bare specifier, from node_modules into vendor/ (lit,lit/decorators.js); implies --importmap; needs @jspm/generator' },
      json,
    },
  },
  compress: {
    synopsis: 'compress <dir>',
    summary: 'write .br/.gz/.zst variants of every file of an output folder',
    details: 'Precompresses every file of an output folder on all cores and lists the variants in its assetmap.json, if it has one.',
    options: {
      encodings: { type: 'string', value: '<list>', help: 'br,gzip,zstd (default: all the running Node supports)' },
      json,
    },
  },
  inspect: {
    synopsis: 'inspect <dir | manifest>',
    summary: 'print a manifest as a table, check its files and the names templates use',
    details: 'Reads <dir>/assetmap.json (or the manifest file given) and prints it as a table, or runs the checks asked for.',
    options: {
      check: { type: 'boolean', help: 'verify every listed file exists and matches its integrity' },
      templates: { type: 'string', value: '<dir>', help: 'fail, listing them, if templates name assets the manifest lacks' },
      builds: { type: 'string', value: '<list>', help: "the app's other builds for --templates (admin=dist/admin,legacy=dist/legacy); names of builds not given are skipped" },
      json: { type: 'boolean', help: 'print the manifest and the problems as JSON' },
    },
  },
  nginx: {
    synopsis: 'nginx <dir>',
    summary: 'print an nginx map giving hashed files an immutable Cache-Control',
    details: 'Prints nginx maps (for http {}) giving every file the manifests in <dir> name an immutable Cache-Control, others a short one, 404s no-cache, and marking what @assetmap/serve never serves; its header lists the lines the location needs (docs/serving.md).',
    options: {
      location: { type: 'string', value: '<path>', help: 'the URL path nginx serves <dir> under (default /static/)' },
    },
  },
  publish: {
    synopsis: 'publish <dir> --to s3://bucket/prefix',
    summary: 'upload a build to S3-compatible storage, manifests last',
    details: 'Uploads content first, manifests last; skips what is already there, so an interrupted publish can be run again.',
    options: {
      to: { type: 'string', value: '<s3://bucket/prefix>', help: 'where to upload (required)' },
      ...s3,
      concurrency: { type: 'string', value: '<n>', help: 'uploads at a time (default 16)' },
      verify: { type: 'boolean', help: "compare every key against a full listing, even when the bucket's manifest shows this build was published completely" },
      'dry-run': { type: 'boolean', help: 'list the plan only' },
      json,
    },
  },
  clean: {
    synopsis: 'clean <dir> --keep <n>',
    summary: 'delete the files of releases beyond the newest <n>',
    details: 'Deletes files of releases beyond the newest <n> (the current one counts): only files no kept manifest names.\nRefuses a folder that a build is writing to (each build holds a marker under .assetmap/builds/ while it runs).',
    options: {
      keep: { type: 'string', value: '<n>', help: 'how many releases to keep (required)' },
      to: { type: 'string', value: '<s3://bucket/prefix>', help: 'clean the bucket instead of <dir>' },
      ...s3,
      age: { type: 'string', value: '<duration>', help: 'only files at least this old: 90s, 30m, 1h, 7d (default 0)' },
      orphans: { type: 'boolean', help: 'also files no manifest names (left by killed builds or publishes); needs --age of at least 10m, which spares the files of a publish still running' },
      'dry-run': { type: 'boolean', help: 'list what would go' },
      json,
    },
  },
}

const EXIT_STATUS = 'Exit status: 0 on success, 1 when the command fails or a check finds problems, 2 on bad usage.'

/** The command list `assetmap --help` prints (and `assetmap` alone, after saying a command is missing). */
export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length))
  const lines = Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(width)}  ${spec.summary}`)
  return [
    'Usage: assetmap <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "assetmap <command> --help" for its options; "assetmap --version" for the version.',
    EXIT_STATUS,
  ].join('\n')
}

function optionLabel(name: string, option: OptionSpec): string {
  return `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`
}

/** What `assetmap <command> --help` prints: the synopsis, what it does, and every option. */
export function commandUsage(name: CommandName): string {
  const spec = COMMANDS[name]
  const options = Object.entries(spec.options).map(([option, o]) => [optionLabel(option, o), o.help] as const)
  options.push(['-h, --help', 'print this help'])
  const width = Math.max(...options.map(([label]) => label.length))
  return [`Usage: assetmap ${spec.synopsis} [options]`, '', spec.details, '', 'Options:', ...options.map(([label, help]) => `  ${label.padEnd(width)}  ${help}`), '', EXIT_STATUS].join('\n')
}
