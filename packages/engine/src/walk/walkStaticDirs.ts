import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { AssetmapError } from '@assetmap/runtime/internal'
import type { DanglingLink, FollowedLink, ShadowedFile, StaticDirOption, StaticFile } from '../table/types.ts'

/** A static dir with its prefix checked and its path made absolute. */
export interface ResolvedStaticDir {
  dir: string
  prefix: string
}

/** Options of `walkStaticDirs`. */
export interface WalkOptions {
  /** Told about each link that leads nowhere; the link is skipped. @default ignored */
  onDangling?: (link: DanglingLink) => void
  /** Told about each followed link whose target is outside every static dir. @default ignored */
  onOutsideLink?: (link: FollowedLink) => void
  /** Told about each symbolic link the walk follows, wherever it leads. @default ignored */
  onFollow?: (link: string) => void
  /**
   * When two dirs hold the same logical name, use the earlier dir's file (Django's order) and tell
   * `onShadowed`, instead of failing.
   * @default false
   */
  firstWins?: boolean
  /** Told about each file hidden by `firstWins`. @default ignored */
  onShadowed?: (file: ShadowedFile) => void
}

/** Validates the `static` option: each dir exists relative to `root`, each prefix stays inside the output. */
export function resolveStaticDirs(dirs: readonly StaticDirOption[], root: string): ResolvedStaticDir[] {
  return dirs.map((option) => {
    const { dir, prefix = '' } = typeof option === 'string' ? { dir: option } : option
    if (typeof dir !== 'string' || dir === '') throw new AssetmapError('INVALID_OPTION', `static: each entry needs a "dir" (found ${JSON.stringify(option)}).`, { value: option })
    const clean = prefix.replace(/^\/+|\/+$/g, '')
    if (clean.split('/').some((segment) => segment === '..' || segment === '.') || /[\\\0]/.test(clean)) {
      throw new AssetmapError('INVALID_OPTION', `static: prefix ${JSON.stringify(prefix)} of ${dir} must be a plain relative path like "vendor/bootstrap".`, { value: prefix })
    }
    return { dir: resolve(root, dir), prefix: clean }
  })
}

/** File systems whose "files" are the kernel's (process memory, environment, devices), never static files. */
const KERNEL_ROOTS = ['/proc', '/sys', '/dev']
let kernelDevices: Set<number> | undefined

/** Whether a real path (with its stats) is a kernel file: under /proc, /sys or /dev, or on the devices those are mounted from. */
function kernelFile(real: string, stats: Stats): string | undefined {
  if (kernelDevices === undefined) {
    // Only where they are separate mounts: otherwise their device is the root file system's.
    const rootDevice = statSync('/').dev
    kernelDevices = new Set(KERNEL_ROOTS.flatMap((root) => statSync(root, { throwIfNoEntry: false })?.dev ?? []).filter((dev) => dev !== rootDevice))
  }
  const root = KERNEL_ROOTS.find((candidate) => real === candidate || real.startsWith(`${candidate}/`))
  return root ?? (kernelDevices.has(stats.dev) ? 'a kernel file system' : undefined)
}

/** What a file that is neither a regular file nor a folder is, for messages. */
function kindOf(entry: Dirent | Stats): string {
  if (entry.isFIFO()) return 'a FIFO'
  if (entry.isSocket()) return 'a socket'
  if (entry.isCharacterDevice()) return 'a character device'
  if (entry.isBlockDevice()) return 'a block device'
  return 'not a regular file'
}

function refuse(path: string, message: string): AssetmapError {
  return new AssetmapError('INVALID_OPTION', `static: ${message} Only regular files and folders are copied: remove it from the static dir.`, { value: path })
}

function unreadable(folder: string, error: unknown, hint: string): AssetmapError {
  return new AssetmapError('INVALID_OPTION', `static: cannot read the folder ${folder} (${(error as NodeJS.ErrnoException).code}). ${hint}`, { value: folder, cause: error })
}

/**
 * `join(folder, name)` for a name from a listing (never `.`, `..` or a separator) in a folder
 * path that is already normalized: a concatenation, which a walk of 10,000 files notices.
 */
function childPath(folder: string, name: string): string {
  return sep === '/' && !folder.endsWith('/') ? `${folder}/${name}` : join(folder, name)
}

/** Path of a file named `name` in `dir`, as the walk finds it (`join` of the two, which a concatenation is when the separator is `/`). */
export function pathIn({ dir, prefix }: ResolvedStaticDir, name: string): string {
  const relative = prefix === '' ? name : name.slice(prefix.length + 1)
  return sep === '/' && !dir.endsWith('/') ? `${dir}/${relative}` : join(dir, relative)
}

/**
 * A file the walk found. Its path is not kept: it is its dir's joined with its name less the
 * dir's prefix (as the build cache stores it), made again when the file is stat'ed, read or
 * copied, a few times a build, where keeping it cost ~90 bytes per file to the end of the build.
 */
class WalkedFile implements StaticFile {
  index = 0

  constructor(
    readonly name: string,
    readonly dir: ResolvedStaticDir,
  ) {}

  get path(): string {
    return pathIn(this.dir, this.name)
  }
}

/** The files found in one static dir. */
interface Found {
  dir: ResolvedStaticDir
  files: StaticFile[]
}

/**
 * The parts as one flat string. A concatenation is a tree of the parts (32 bytes a node) until
 * first hashed, then a node over a flat copy: for a name that a build keeps per file, 32 bytes
 * more than the flat string.
 */
function flat(...parts: string[]): string {
  return parts.join('')
}

/** Whether `real` is `folder` or inside it. */
function within(real: string, folder: string): boolean {
  return real === folder || real.startsWith(folder.endsWith('/') ? folder : `${folder}/`)
}

/**
 * Walks the static dirs, following symbolic links to regular files and folders as Django and
 * `cp -L` do. A loop, a device, a FIFO, a socket or a kernel file (/proc, /sys, /dev) stops the
 * walk with an error naming it; a dangling link is reported and skipped.
 */
function createWalker(roots: readonly string[], options: WalkOptions) {
  /** Visits a followed link's target, which is a regular file or a folder, or reports why not. */
  const follow = (link: string, name: string, chain: readonly string[], found: Found): void => {
    let stats: Stats
    try {
      stats = statSync(link)
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw new AssetmapError('INVALID_OPTION', `static: cannot follow the link ${link} (${code}).`, { value: link, cause: error })
      options.onDangling?.({ name, link, target: resolve(dirname(link), readlinkSync(link)), reason: code === 'ELOOP' ? 'is a loop of links' : 'does not exist' })
      return
    }
    const real = realpathSync(link)
    if (!stats.isFile() && !stats.isDirectory()) throw refuse(link, `the link ${link} leads to ${real}, ${kindOf(stats)}.`)
    const kernel = kernelFile(real, stats)
    if (kernel !== undefined) throw refuse(link, `the link ${link} leads to ${real}, a file of ${kernel}, not a regular file.`)
    options.onFollow?.(link)
    if (!roots.some((root) => within(real, root))) options.onOutsideLink?.({ name, link, target: real })
    if (stats.isFile()) {
      found.files.push(new WalkedFile(name, found.dir))
      return
    }
    // Into a folder that holds the current one, or that the walk came through: endless.
    if (within(chain.at(-1)!, real) || chain.includes(real)) {
      throw new AssetmapError('INVALID_OPTION', `static: the link ${link} leads back to ${real}, a folder it is inside of: a loop. Remove the link.`, { value: link })
    }
    folder(link, real, `${name}/`, [...chain, real], found)
  }

  /** Files under `path` (whose real path ends `chain`), named `<base><relative path>`; dot-entries are skipped. */
  const folder = (path: string, real: string, base: string, chain: readonly string[], found: Found): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(path, { withFileTypes: true })
    } catch (error) {
      throw unreadable(path, error, 'Check its permissions.')
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const child = childPath(path, entry.name)
      // Some file systems do not say the type in the listing.
      const type: Dirent | Stats = entry.isFile() || entry.isDirectory() || entry.isSymbolicLink() ? entry : lstatSync(child)
      if (type.isFile()) found.files.push(new WalkedFile(flat(base, entry.name), found.dir))
      else if (type.isDirectory()) folder(child, join(real, entry.name), `${base}${entry.name}/`, [...chain, join(real, entry.name)], found)
      else if (type.isSymbolicLink()) follow(child, base + entry.name, chain, found)
      else throw refuse(child, `${child} is ${kindOf(type)}.`)
    }
  }
  return folder
}

/**
 * Every file under the static dirs with its logical name (prefix + POSIX path). Dotfiles and
 * dot-folders are skipped; symbolic links are followed (see `WalkOptions` for what is reported).
 * Two files with one logical name are an error that names both, unless `firstWins`. A file name
 * with a backslash is an error: browsers read `\` in a URL as `/`, so no URL could reach it.
 */
export async function walkStaticDirs(dirs: readonly ResolvedStaticDir[], options: WalkOptions = {}): Promise<StaticFile[]> {
  const reals = dirs.map(({ dir }) => {
    try {
      return realpathSync(dir)
    } catch (error) {
      throw unreadable(dir, error, 'Check the path, relative to the project root.')
    }
  })
  const walk = createWalker(reals, options)
  const byName = new Map<string, StaticFile>()
  const backslashes: string[] = []
  dirs.forEach((from, index) => {
    const { dir, prefix } = from
    const real = reals[index]!
    const kernel = kernelFile(real, statSync(real))
    if (kernel !== undefined) throw refuse(dir, `${dir} is in ${kernel}.`)
    // Synchronous: one readdir per folder, where the promise API costs several times the work.
    const found: Found = { dir: from, files: [] }
    walk(dir, real, prefix ? `${prefix}/` : '', [real], found)
    for (const file of found.files.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (file.name.includes('\\')) backslashes.push(file.path)
      const other = byName.get(file.name)
      if (other === undefined) byName.set(file.name, file)
      else if (options.firstWins) options.onShadowed?.({ name: file.name, kept: other.path, shadowed: file.path })
      else {
        throw new AssetmapError(
          'DUPLICATE_NAME',
          `Two static files map to the logical name "${file.name}": ${other.path} and ${file.path}. Give one of the dirs a prefix, or let the first dir win (firstWins: the plugin's staticFirstWins, the CLI's --first-wins).`,
          { value: file.name },
        )
      }
    }
  })
  if (backslashes.length > 0) {
    throw new AssetmapError('INVALID_OPTION', `static: a file name with a backslash cannot be served (browsers read "\\" in a URL as "/"); rename:\n  - ${backslashes.join('\n  - ')}`, {
      value: backslashes,
    })
  }
  return [...byName.values()]
}
