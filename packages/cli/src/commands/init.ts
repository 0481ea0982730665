import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { AssetmapError } from '@assetmap/runtime'
import { INDEX, LAYOUT, MAIN_CSS, MAIN_JS, VITE_CONFIG } from '../init/frontend.ts'
import { readProject, type PackageJson } from '../init/project.ts'
import { serverFile, serverLinesToAdd, type Framework } from '../init/server.ts'

/** Options of `assetmap init`. */
export interface InitCommandOptions {
  /** The project folder. @default process.cwd() */
  dir?: string
  /** The server's framework. @default 'fastify' when package.json depends on fastify and not express, else 'express' */
  framework?: Framework
  /** Plan only: write nothing. @default false */
  dryRun?: boolean
}

/** One file `assetmap init` creates or changes. */
export interface InitChange {
  path: string
  action: 'create' | 'update'
  /** How, for an update: the scripts added. */
  detail?: string
}

/** What `assetmap init` did (or, with `dryRun`, would do). */
export interface InitSummary {
  dir: string
  framework: Framework
  dryRun: boolean
  changes: InitChange[]
  /** The lines to add to an existing server file, which init never edits. */
  serverLines?: string
  /** The `npm install` commands for the packages package.json lacks, each as its arguments. */
  install: string[][]
}

const VITE_CONFIGS = ['js', 'mjs', 'cjs', 'ts', 'mts', 'cts'].map((ext) => `vite.config.${ext}`)
const DEPENDENCIES = ['@assetmap/runtime', '@assetmap/nunjucks', '@assetmap/serve', 'nunjucks']
const DEV_DEPENDENCIES = ['@assetmap/plugin', 'vite']

function scriptsFor(server: string): Record<string, string> {
  return { dev: `node ${server} --dev`, build: 'vite build', start: `node ${server}` }
}

/** The scripts package.json lacks, and a conflict for each it has with another command. */
function planScripts(packageJson: PackageJson, wanted: Record<string, string>): { add: Record<string, string>; conflicts: string[] } {
  const add: Record<string, string> = {}
  const conflicts: string[] = []
  for (const [name, command] of Object.entries(wanted)) {
    const existing = packageJson.scripts?.[name]
    if (existing === undefined) add[name] = command
    else if (existing !== command) conflicts.push(`package.json: script "${name}" is "${existing}"; init would set "${command}" (rename yours, or set it by hand)`)
  }
  return { add, conflicts }
}

function missing(names: string[], packageJson: PackageJson | undefined): string[] {
  const have = { ...packageJson?.dependencies, ...packageJson?.devDependencies }
  return names.filter((name) => !(name in have))
}

/**
 * Adds assetmap to an Express or Fastify app: the Vite config with the plugin, a layout with
 * `{% entry %}`, an entry and its stylesheet, the server (or the lines to add to an existing one)
 * and the `dev`, `build` and `start` scripts. Writes nothing if any file it would create exists
 * or package.json has one of those scripts with another command.
 * @throws AssetmapError `WRITE_FAILED` listing every file in the way.
 */
export function initCommand(options: InitCommandOptions = {}): InitSummary {
  const dir = resolve(options.dir ?? process.cwd())
  const project = readProject(dir, options.framework)
  const viteConfigFile = `vite.config${project.esm}`
  const files: Record<string, string> = {
    [viteConfigFile]: VITE_CONFIG,
    'views/layout.njk': LAYOUT,
    'views/index.njk': INDEX,
    'src/main.js': MAIN_JS,
    'src/main.css': MAIN_CSS,
    ...(project.server.exists ? {} : { [project.server.file]: serverFile(project.framework) }),
  }
  const conflicts = Object.keys(files).filter((path) => existsSync(join(dir, path))).map((path) => `${path} exists`)
  const viteConfig = VITE_CONFIGS.find((path) => path !== viteConfigFile && existsSync(join(dir, path)))
  if (viteConfig !== undefined) conflicts.push(`${viteConfig} exists: add assetmap() from '@assetmap/plugin/vite' to its plugins by hand`)
  const scripts = scriptsFor(project.server.file)
  const packageJson: PackageJson = project.packageJson ?? { name: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-'), private: true, type: 'module' }
  const planned = planScripts(packageJson, scripts)
  conflicts.push(...planned.conflicts)
  if (conflicts.length > 0) {
    throw new AssetmapError('WRITE_FAILED', `init overwrites nothing, so it wrote nothing in ${dir}:\n${conflicts.map((line) => `  ${line}`).join('\n')}\nMove these aside and run it again, or add assetmap by hand (README: "Adding assetmap to an existing app").`, { value: conflicts })
  }
  const added = Object.keys(planned.add)
  const changes: InitChange[] = Object.keys(files).map((path) => ({ path, action: 'create' }))
  if (project.packageJson === undefined) changes.unshift({ path: 'package.json', action: 'create' })
  else if (added.length > 0) changes.push({ path: 'package.json', action: 'update', detail: `add the scripts ${added.map((name) => `"${name}": "${planned.add[name]}"`).join(', ')}` })
  const runtime = missing([...DEPENDENCIES, project.framework], project.packageJson)
  const dev = missing(DEV_DEPENDENCIES, project.packageJson)
  const install = [...(runtime.length ? [['install', ...runtime]] : []), ...(dev.length ? [['install', '--save-dev', ...dev]] : [])]
  if (!options.dryRun) {
    writeFiles(dir, files)
    if (project.packageJson === undefined || added.length > 0) {
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...packageJson, scripts: { ...packageJson.scripts, ...planned.add } }, null, project.indent)}\n`)
    }
  }
  return {
    dir,
    framework: project.framework,
    dryRun: options.dryRun === true,
    changes,
    ...(project.server.exists ? { serverLines: serverLinesToAdd(project.framework, project.server.file) } : {}),
    install,
  }
}

/** Creates every file, never replacing one (`wx`); on a failure, removes those written so far. */
function writeFiles(dir: string, files: Record<string, string>): void {
  const written: string[] = []
  try {
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, path)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, text, { flag: 'wx' })
      written.push(target)
    }
  } catch (error) {
    for (const target of written) rmSync(target, { force: true })
    throw new AssetmapError('WRITE_FAILED', `init could not write in ${dir} (${(error as Error).message}); it removed what it had written.`, { value: dir, cause: error })
  }
}

/** What `assetmap init` prints: each change, the lines for an existing server, the installs, and what to run next. */
export function initReport(summary: InitSummary, installing: boolean): string {
  const verb = (action: InitChange['action']) => (summary.dryRun ? `would ${action}` : action === 'create' ? 'created' : 'updated')
  const lines = summary.changes.map(({ path, action, detail }) => `${verb(action)} ${path}${detail ? `: ${detail}` : ''}`)
  if (summary.serverLines !== undefined) lines.push('', summary.serverLines)
  if (summary.install.length > 0) {
    lines.push('', installing ? 'installing:' : 'then install what package.json lacks:', ...summary.install.map((args) => `  npm ${args.join(' ')}`))
  }
  if (!summary.dryRun) lines.push('', 'npm run dev                  the app with Vite inside, on http://localhost:3000/', 'npm run build && npm start   the production build, served by the app')
  return lines.join('\n')
}

/** Runs the `npm install` commands of `summary` in its folder, one after the other; false when one fails. */
export async function runInstall(summary: InitSummary): Promise<boolean> {
  const { spawnSync } = await import('node:child_process')
  for (const args of summary.install) {
    if (spawnSync('npm', args, { cwd: summary.dir, stdio: 'inherit', shell: process.platform === 'win32' }).status !== 0) return false
  }
  return true
}
