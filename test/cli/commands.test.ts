import { spawnSync } from 'node:child_process'
import { appendFile, cp, readFile, rm, writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { validateManifest } from '@assetmap/runtime'
import { generateTree } from '../../bench/lib/generateTree.js'
import { fixture, outputDir, readManifest, repoRoot } from '../helpers/paths.ts'

// The bin npm links (node_modules/.bin/assetmap), not the compiled module behind it.
const bin = join(repoRoot, 'packages/cli/bin/assetmap.js')
const site = fixture('static-site')

function assetmap(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('the assetmap command, as a newcomer meets it', () => {
  const commands = ['build', 'compress', 'inspect', 'nginx', 'publish', 'clean']

  it('--version and -v print the version of @assetmap/cli', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'packages/cli/package.json'), 'utf8'))
    for (const flag of ['--version', '-v']) expect(assetmap(flag)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('with no command, says one is missing, then lists every command (exit 2)', () => {
    const run = assetmap()
    expect(run.code).toBe(2)
    const lines = run.stderr.split('\n')
    expect(lines[0]).toMatch(/^assetmap: which command\?/)
    for (const command of commands) expect(run.stderr).toMatch(new RegExp(`^  ${command}\\s+\\w`, 'm'))
  })

  it('--help lists the commands on stdout (exit 0)', () => {
    const run = assetmap('--help')
    expect(run.code).toBe(0)
    for (const command of commands) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\s+\\w`, 'm'))
  })

  it.each(commands)('%s --help prints that command\'s options (exit 0)', (command) => {
    const run = assetmap(command, '--help')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^Usage: assetmap ${command} `))
    expect(run.stdout).toContain('-h, --help')
    expect(assetmap(command, '-h').stdout).toBe(run.stdout)
  })

  it('build --help lists every build option', () => {
    const run = assetmap('build', '--help')
    for (const option of ['-o, --out <dir>', '--prefix <path>', '--base <url>', '--release <id>', '--strict', '--no-originals', '--compress <list>', '--json']) expect(run.stdout).toContain(option)
    expect(assetmap('help', 'build').stdout).toBe(run.stdout)
  })

  it('an unknown option: at most three lines on stderr, naming it and pointing at the command\'s help (exit 2)', () => {
    const run = assetmap('build', site, '--out', 'x', '--frobnicate')
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    const lines = run.stderr.trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(3)
    expect(lines[0]).toBe('assetmap build: unknown option "--frobnicate"')
    expect(run.stderr).toContain('assetmap build --help')
  })

  it('a mistyped option or command gets the closest one', () => {
    expect(assetmap('build', site, '--outt', 'x').stderr).toContain('unknown option "--outt" (did you mean "--out"?)')
    const run = assetmap('biuld')
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toEqual(['assetmap: unknown command "biuld" (did you mean "build"?)', 'Run "assetmap --help" for the commands.'])
  })
})

describe('assetmap build', () => {
  let out: string

  beforeAll(async () => {
    out = await outputDir('cli')
  })

  it('hashes a folder into a manifest and prints a JSON summary', async () => {
    const run = assetmap('build', site, '--out', out, '--release', 'r1', '--base', 'https://cdn.example.com/static', '--json')
    expect(run.code).toBe(0)
    const summary = JSON.parse(run.stdout)
    expect(summary).toMatchObject({ manifest: join(out, 'assetmap.json'), release: 'r1', assets: 20 })
    expect(summary.warnings).toHaveLength(4)
    const manifest = await readManifest(out)
    expect(validateManifest(manifest)).toEqual([])
    expect(manifest.base).toBe('https://cdn.example.com/static/')
    expect(manifest.assets['css/site.css']).toMatch(/^css\/site\.[0-9a-f]{12}\.css$/)
    // Not a TTY: no progress line.
    expect(run.stderr).not.toContain('\x1b[K')
  })

  it('refuses an --out that is a file, saying so, and leaves the file alone', async () => {
    const file = join(await outputDir('cli-out-file'), 'not-a-folder')
    await writeFile(file, 'mine\n')
    const run = assetmap('build', site, '--out', file)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`--out ${file}: ${file} is a file, not a folder`)
    expect(run.stderr).not.toMatch(/ENOTDIR|warning/)
    expect(await readFile(file, 'utf8')).toBe('mine\n')
  })

  it('refuses an --out inside a static folder, where each build would take the last one\'s output for sources', async () => {
    const root = await outputDir('cli-out-inside')
    await cp(site, join(root, 'static'), { recursive: true })
    const run = assetmap('build', join(root, 'static'), '--out', join(root, 'static/dist'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`the output folder ${join(root, 'static/dist')} is inside the static folder ${join(root, 'static')}`)
    expect(assetmap('build', join(root, 'static'), '--out', join(root, 'static')).stderr).toContain(`the output folder ${join(root, 'static')} is the static folder`)
    // A dot-folder is skipped by the walk: there it is fine.
    expect(assetmap('build', join(root, 'static'), '--out', join(root, 'static/.build')).code).toBe(0)
    expect(assetmap('build', join(root, 'static'), '--out', join(root, 'static/.build'), '--json').stdout).toContain('"written": 0')
  })

  it('prints a one-line summary and the warnings without --json, and applies --prefix', async () => {
    const dir = await outputDir('cli-prefix')
    const run = assetmap('build', site, '--out', dir, '--prefix', 'vendor/site')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^20 files hashed into .*assetmap\.json \(release [0-9a-f]{12}, 6 warnings, \d+ ms\)\n$/)
    expect(run.stderr).toContain('warning: vendor/site/css/site.css: "../img/missing.png" points at vendor/site/img/missing.png')
    expect(Object.keys((await readManifest(dir)).assets)).toContain('vendor/site/css/site.css')
  })

  it('--strict fails listing every broken reference, and writes no manifest', async () => {
    const dir = await outputDir('cli-strict')
    const run = assetmap('build', site, '--out', dir, '--strict')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('css/site.css → ../img/missing.png')
    expect(run.stderr).toContain('js/app.js → app.js.map (missing source map)')
    await expect(readManifest(dir)).rejects.toThrow()
  })

  it.each([
    [['build', site], 'assetmap: build needs --out <dir>'],
    [['build', '--out', 'x'], 'assetmap: build needs at least one folder'],
    [['build', site, '--out'], 'assetmap build: --out needs a value'],
    [['build', site, '--out', 'x', '--strict=yes'], 'assetmap build: --strict takes no value'],
  ])('exits 2 on bad usage, saying what is wrong and where the help is: %j', (args, message) => {
    const run = assetmap(...args)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(2)
  })

  it('names the folder it cannot read', () => {
    const run = assetmap('build', '/no/such/folder', '--out', join(out, 'x'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('static folder /no/such/folder does not exist')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('builds a tree large enough for worker threads: every file matches its integrity, every rewritten reference exists', async () => {
    const tree = await outputDir('cli-large-src')
    await generateTree(tree, 800)
    const large = await outputDir('cli-large')
    const run = assetmap('build', tree, '--out', large, '--json')
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ assets: 800, warnings: [] })
    expect(assetmap('inspect', join(large, 'assetmap.json'), '--check').code).toBe(0)
    const manifest = await readManifest(large)
    let references = 0
    for (const [name, output] of Object.entries(manifest.assets)) {
      if (!/\.(css|js)$/.test(name)) continue
      const text = await readFile(join(large, output), 'utf8')
      for (const match of text.matchAll(/url\("?([^")]+)"?\)|@import "([^"]+)"|from '([^']+)'/g)) {
        const target = match[1] ?? match[2] ?? match[3]!
        const path = posix.join(posix.dirname(output), target)
        expect(manifest.files[path], `${output} → ${target}`).toBeDefined()
        references++
      }
    }
    expect(references).toBeGreaterThan(2000)
  })
})

describe('assetmap inspect', () => {
  let out: string

  beforeAll(async () => {
    out = await outputDir('cli-inspect')
    expect(assetmap('build', site, '--out', out).code).toBe(0)
  })

  it('prints the manifest as a table', () => {
    const run = assetmap('inspect', join(out, 'assetmap.json'))
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^release [0-9a-f]{12}, base \/static\/, 20 assets, 20 files/)
    expect(run.stdout).toMatch(/css\/site\.css\s+css\/site\.[0-9a-f]{12}\.css\s+[\d.]+ (B|KiB)/)
  })

  it('--check passes on a fresh build and fails naming changed and missing files', async () => {
    expect(assetmap('inspect', join(out, 'assetmap.json'), '--check').code).toBe(0)
    const manifest = await readManifest(out)
    await appendFile(join(out, manifest.assets['css/base.css']!), '/* edited */')
    await rm(join(out, manifest.assets['img/logo.png']!))
    const run = assetmap('inspect', join(out, 'assetmap.json'), '--check')
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`error: ${manifest.assets['css/base.css']}: content does not match the manifest's integrity`)
    expect(run.stderr).toContain(`error: ${manifest.assets['img/logo.png']}: listed in the manifest but missing on disk`)
  })

  it('--templates fails listing each name the manifest lacks, with file, line and close names', () => {
    const run = assetmap('inspect', join(out, 'assetmap.json'), '--templates', fixture('cli-templates'))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('checked 5 asset names used in templates')
    expect(run.stderr.trim().split('\n')).toEqual([
      'error: partials/footer.njk:3: asset "img/logo.pgn" is not in the manifest (did you mean "img/logo.png"?)',
      'error: partials/footer.njk:4: entry "src/main.ts" is not in the manifest',
    ])
  })

  it('given the output folder, as every other command takes it, reads the assetmap.json in it', () => {
    const run = assetmap('inspect', out)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(assetmap('inspect', join(out, 'assetmap.json')).stdout)
  })

  it('a folder with no manifest: says to build first, without a stack trace', async () => {
    const empty = await outputDir('cli-inspect-empty')
    const run = assetmap('inspect', empty)
    expect(run.code).toBe(1)
    expect(run.stderr.trim()).toMatch(new RegExp(`^assetmap: No manifest at ${join(empty, 'assetmap.json')}\\. Run the build first[^\\n]*$`))
  })

  it('says what to run when the manifest is missing', () => {
    const run = assetmap('inspect', join(out, 'nope.json'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`No manifest at ${join(out, 'nope.json')}. Run the build first`)
  })
})
