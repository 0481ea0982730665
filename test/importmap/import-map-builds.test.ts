import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { validateManifest, type Manifest } from '@assetmap/runtime'
import { bin, runCliIn } from '../helpers/cli.ts'
import { buildProject, litProject } from '../helpers/importMapApp.ts'
import { fixture, outputDir } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

const manifestOf = (outDir: string): Manifest => JSON.parse(readFileSync(join(outDir, 'assetmap.json'), 'utf8')) as Manifest

/** Logical names whose hashed output differs between two manifests. */
function renamed(before: Manifest, after: Manifest): string[] {
  return Object.keys(after.assets)
    .filter((name) => before.assets[name] !== after.assets[name])
    .sort()
}

/** What a change to `js/lib/strings.js` renames in the default mode: it, and every module that imports it, directly or not. */
const STRINGS_CHAIN = ['js/app.js', 'js/components/app-header.js', 'js/components/todo-app.js', 'js/components/todo-item.js', 'js/components/todo-list.js', 'js/lib/format.js', 'js/lib/strings.js']

describe('assetmap build --importmap: a changed module renames only itself', () => {
  it.each([
    ['rewrite mode (the default): a change to one leaf module renames it and every module that imports it', [], STRINGS_CHAIN],
    ['import-map mode: a change to one leaf module renames it alone', ['--pin', 'lit'], ['js/lib/strings.js']],
  ])('%s', async (_mode, flags, expected) => {
    const root = await litProject('importmap-leaf')
    const outDir = await outputDir('importmap-leaf-out')
    buildProject(root, outDir, ...flags)
    const before = manifestOf(outDir)
    appendFileSync(join(root, 'static/js/lib/strings.js'), '\nexport const SEPARATOR = " / "\n')
    const { summary } = buildProject(root, outDir, ...flags)
    const after = manifestOf(outDir)
    expect(renamed(before, after)).toEqual(expected)
    // Each renamed module: its hashed file, and its unhashed original beside it.
    expect(summary.written).toBe(expected.length * 2)
    expect(validateManifest(after)).toEqual([])
    // The import-map build leaves every specifier as written: no module names a hashed file.
    if (flags.length > 0) expect(readFileSync(join(outDir, after.assets['js/lib/format.js']!), 'utf8')).toContain(`from './strings.js'`)
    else expect(readFileSync(join(outDir, after.assets['js/lib/format.js']!), 'utf8')).toMatch(/from '\.\/strings\.[0-9a-f]{12}\.js'/)
  })

  it('records the static-import graph and the bare specifiers of Lit and of its own dependencies', async () => {
    const root = await litProject('importmap-graph')
    const outDir = await outputDir('importmap-graph-out')
    buildProject(root, outDir, '--pin', 'lit')
    const { importMap, assets } = manifestOf(outDir)
    expect(importMap!.modules['js/app.js']).toEqual(['js/components/todo-app.js', 'js/lib/clock.js'])
    // The dynamic import of help.js is mapped (it is a module) but is no static import.
    expect(importMap!.modules['js/lib/help.js']).toEqual([])
    expect(importMap!.modules['js/components/todo-item.js']).toEqual(['js/lib/strings.js', 'vendor/lit/index.js'])
    expect(importMap!.specifiers).toEqual({
      '@lit/reactive-element': 'vendor/@lit/reactive-element/reactive-element.js',
      lit: 'vendor/lit/index.js',
      'lit-element/lit-element.js': 'vendor/lit-element/lit-element.js',
      'lit-html': 'vendor/lit-html/lit-html.js',
      'lit-html/is-server.js': 'vendor/lit-html/is-server.js',
    })
    // Lit's production build (the `development` condition is not taken), with its source map.
    expect(readFileSync(join(outDir, assets['vendor/lit-html/lit-html.js']!), 'utf8')).not.toContain('Lit is in dev mode')
    expect(assets['vendor/lit-html/lit-html.js.map']).toMatch(/\.js\.[0-9a-f]{12}\.map$/)
  })

  it('names a pinned package that is not installed, and writes nothing', async () => {
    const root = await litProject('importmap-missing')
    const failed = runCliIn(root, 'build', 'static', '--out', 'dist', '--pin', 'lit,no-such-package')
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('--pin lit,no-such-package: Cannot find package no-such-package in node_modules')
    expect(existsSync(join(root, 'dist/assetmap.json'))).toBe(false)
  })

  it('refuses a configured specifier that maps to no module of the static dirs, naming it', async () => {
    const outDir = await outputDir('importmap-bad-specifier')
    const build = completeBuild({ outDir, base: '/static/', static: { dirs: [join(fixture('importmap-app'), 'static')], root: fixture('importmap-app'), importMap: { specifiers: { lit: 'vendor/lit/index.js' } }, onWarning: () => {} } })
    await expect(build).rejects.toMatchObject({ code: 'INVALID_OPTION', value: 'lit', message: expect.stringContaining('"lit" maps to "vendor/lit/index.js", which is no JS module of the static dirs') })
  })

  it('writes the same manifest, byte for byte, in an incremental build as in a cold one', async () => {
    const root = await litProject('importmap-bytes')
    const warm = await outputDir('importmap-bytes-warm')
    buildProject(root, warm, '--pin', 'lit')
    appendFileSync(join(root, 'static/js/lib/strings.js'), '\nexport const SEPARATOR = " / "\n')
    writeFileSync(join(root, 'static/js/lib/version.js'), `import { nextId } from './ids.js'\nexport const APP_VERSION = 'v2-' + nextId()\n`)
    expect(buildProject(root, warm, '--pin', 'lit').summary.written).toBe(4)
    const cold = await outputDir('importmap-bytes-cold')
    buildProject(root, cold, '--pin', 'lit')
    expect(manifestOf(warm).importMap!.modules['js/lib/version.js']).toEqual(['js/lib/ids.js'])
    expect(readFileSync(join(warm, 'assetmap.json'))).toEqual(readFileSync(join(cold, 'assetmap.json')))
    // A rebuild that changed nothing keeps it as it is.
    expect(buildProject(root, warm, '--pin', 'lit').summary.written).toBe(0)
    expect(readFileSync(join(warm, 'assetmap.json'))).toEqual(readFileSync(join(cold, 'assetmap.json')))
  })
})

describe('assetmap build --importmap --watch', () => {
  const children: ReturnType<typeof spawn>[] = []
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('updates the map on every change, as a cold build of the same tree would write it', async () => {
    const root = await litProject('importmap-watch')
    const outDir = await outputDir('importmap-watch-out')
    const child = spawn(process.execPath, [bin, 'build', 'static', '--out', outDir, '--pin', 'lit', '--watch'], { cwd: root, env: { ...process.env, CI: '1' } })
    children.push(child)
    const output = { stdout: '', stderr: '' }
    child.stdout.on('data', (chunk) => (output.stdout += chunk))
    child.stderr.on('data', (chunk) => (output.stderr += chunk))
    await until(() => /^built: /m.test(output.stdout), `the first build (${output.stderr})`)
    expect(manifestOf(outDir).importMap!.modules['js/lib/version.js']).toEqual([])
    writeFileSync(join(root, 'static/js/lib/version.js'), `import { nextId } from './ids.js'\nexport const APP_VERSION = 'v2-' + nextId()\n`)
    await until(() => manifestOf(outDir).importMap!.modules['js/lib/version.js']!.length === 1, `the map to name the new import (${output.stdout} ${output.stderr})`)
    expect(manifestOf(outDir).importMap!.modules['js/lib/version.js']).toEqual(['js/lib/ids.js'])
    writeFileSync(join(root, 'static/js/lib/extra.js'), `export const extra = 1\n`)
    await until(() => manifestOf(outDir).importMap!.modules['js/lib/extra.js'] !== undefined, `a new module in the map (${output.stdout} ${output.stderr})`)
    const cold = await outputDir('importmap-watch-cold')
    buildProject(root, cold, '--pin', 'lit')
    expect(readFileSync(join(outDir, 'assetmap.json'), 'utf8')).toBe(readFileSync(join(cold, 'assetmap.json'), 'utf8'))
  })
})
