import { join } from 'node:path'
import Ajv2020Module from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '@assetmap/cli'
import { manifestSchema, validateManifest, type Manifest } from '@assetmap/runtime'
import { buildWithVite, buildWithWebpack } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

// ajv is CommonJS: the class is the module's default export.
const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module }).default ?? Ajv2020Module
const schemaValid = new Ajv2020({ allErrors: true, strict: true }).compile(manifestSchema)

/** What the published schema says of `data`: the errors, empty when valid. */
function schemaErrors(data: unknown): string[] {
  return schemaValid(data) ? [] : (schemaValid.errors ?? []).map((error) => `${error.instancePath} ${error.message}`)
}

describe('manifests the adapters and the CLI write', () => {
  const built = new Map<string, Manifest>()

  beforeAll(async () => {
    const vite = await outputDir('schema-vite')
    await buildWithVite(fixture('app'), vite, { static: [fixture('static-site')], compress: ['br', 'gzip'] })
    built.set('vite', await readManifest(vite))
    const webpack = await outputDir('schema-webpack')
    await buildWithWebpack(fixture('app'), webpack, { release: 'webpack-1.0' })
    built.set('webpack', await readManifest(webpack))
    const cli = await outputDir('schema-cli')
    await buildCommand({ dirs: [fixture('static-site')], out: cli, compress: ['br', 'gzip'], onWarning: () => {} })
    built.set('cli', await readManifest(cli))
    const importMap = await outputDir('schema-importmap')
    await buildCommand({ dirs: [join(fixture('importmap-app'), 'static')], out: importMap, importMap: true, onWarning: () => {} })
    built.set('cli --importmap', await readManifest(importMap))
  })

  it.each(['vite', 'webpack', 'cli', 'cli --importmap'])('the %s build is valid under the published JSON Schema and the validator', (source) => {
    const manifest = built.get(source)!
    expect(Object.keys(manifest.files).length).toBeGreaterThan(3)
    expect(schemaErrors(manifest)).toEqual([])
    expect(validateManifest(manifest)).toEqual([])
  })

  it('the builds exercise entries and encodings', () => {
    expect(Object.keys(built.get('vite')!.entries).length).toBeGreaterThan(1)
    expect(Object.keys(built.get('webpack')!.entries).length).toBeGreaterThan(1)
    expect(Object.values(built.get('cli')!.files).some((file) => file.encodings?.length)).toBe(true)
    expect(Object.keys(built.get('cli --importmap')!.importMap!.modules).length).toBeGreaterThan(10)
  })
})

/** A small valid manifest that every case below breaks in one way. */
function valid(): Manifest {
  return {
    version: 1,
    release: 'r1',
    base: '/static/',
    assets: { 'css/site.css': 'css/site.0123456789ab.css', 'img/new\nline.png': 'img/new\nline.0123456789ab.png' },
    entries: { 'src/main.ts': { type: 'module', js: ['main.js'], css: ['css/site.0123456789ab.css'], preload: [] } },
    files: {
      'css/site.0123456789ab.css': { size: 10, integrity: 'sha384-c2l0ZQ==', encodings: ['br', 'gzip'] },
      'img/new\nline.0123456789ab.png': { size: 0, integrity: 'sha256-AAAA' },
      'main.js': { size: 3, integrity: 'sha512-bWFpbg==' },
    },
  }
}

type Mutable = Record<string, unknown> & { assets: Record<string, unknown>; entries: Record<string, Record<string, unknown>>; files: Record<string, Record<string, unknown>> }

const CSS = 'css/site.0123456789ab.css'
const invalid: Array<[string, (m: Mutable) => void]> = [
  ['an unknown top-level key', (m) => (m.extra = true)],
  ['a missing top-level key', (m) => delete m.entries],
  ['version 2', (m) => (m.version = 2)],
  ['a release with a slash', (m) => (m.release = 'a/b')],
  ['a release of 65 characters', (m) => (m.release = 'a'.repeat(65))],
  ['a release starting with a dot', (m) => (m.release = '.hidden')],
  ['a base without a trailing slash', (m) => (m.base = '/static')],
  ['assets not an object', (m) => (m.assets = [])],
  ['an absolute asset path', (m) => (m.assets['x'] = '/etc/passwd')],
  ['an asset path with ..', (m) => (m.assets['x'] = 'a/../../b')],
  ['an asset path with a backslash', (m) => (m.assets['x'] = 'a\\b')],
  ['an asset path with a NUL', (m) => (m.assets['x'] = 'a\0b')],
  ['an empty asset path', (m) => (m.assets['x'] = '')],
  ['an asset path that is a number', (m) => (m.assets['x'] = 3)],
  ['an unknown entry key', (m) => (m.entries['src/main.ts']!.async = true)],
  ['an entry without preload', (m) => delete m.entries['src/main.ts']!.preload],
  ['an entry type "script"', (m) => (m.entries['src/main.ts']!.type = 'script')],
  ['entry js not an array', (m) => (m.entries['src/main.ts']!.js = 'main.js')],
  ['an entry path with ..', (m) => (m.entries['src/main.ts']!.css = ['..'])],
  ['entry fonts not an array', (m) => (m.entries['src/main.ts']!.fonts = 'a.woff2')],
  ['an entry font outside the output dir', (m) => (m.entries['src/main.ts']!.fonts = ['../a.woff2'])],
  ['entry lazy not an array', (m) => (m.entries['src/main.ts']!.lazy = { 'a.js': true })],
  ['an absolute lazy path', (m) => (m.entries['src/main.ts']!.lazy = ['/a.js'])],
  ['an unknown file key', (m) => (m.files[CSS]!.mtime = 1)],
  ['a file without integrity', (m) => delete m.files[CSS]!.integrity],
  ['a negative size', (m) => (m.files[CSS]!.size = -1)],
  ['a fractional size', (m) => (m.files[CSS]!.size = 1.5)],
  ['a size as a string', (m) => (m.files[CSS]!.size = '10')],
  ['an md5 integrity', (m) => (m.files[CSS]!.integrity = 'md5-AAAA')],
  ['an unknown encoding', (m) => (m.files[CSS]!.encodings = ['deflate'])],
  ['a duplicate encoding', (m) => (m.files[CSS]!.encodings = ['br', 'br'])],
  ['encodings not an array', (m) => (m.files[CSS]!.encodings = 'br')],
  ['a file key outside the output dir', (m) => (m.files['../outside.css'] = { size: 1, integrity: 'sha256-AAAA' })],
  ['a file that is not an object', (m) => (m.files['x.css'] = 'sha256-AAAA')],
  ['an import map without specifiers', (m) => (m.importMap = { modules: {} })],
  ['an import map with an unknown key', (m) => (m.importMap = { modules: {}, specifiers: {}, scopes: {} })],
  ['an import map whose imports are not a list', (m) => (m.importMap = { modules: { 'main.js': 'x.js' }, specifiers: {} })],
  ['an import map whose specifier names no string', (m) => (m.importMap = { modules: {}, specifiers: { lit: 3 } })],
]

describe('the published schema and the validator agree', () => {
  it('on a valid manifest (a newline in a file name included)', () => {
    expect(schemaErrors(valid())).toEqual([])
    expect(validateManifest(valid())).toEqual([])
  })

  it('on an entry with its optional fonts and lazy files', () => {
    const manifest = valid()
    manifest.entries['src/main.ts'] = { ...manifest.entries['src/main.ts']!, fonts: [CSS], lazy: ['main.js'] }
    expect(schemaErrors(manifest)).toEqual([])
    expect(validateManifest(manifest)).toEqual([])
  })

  it.each(invalid)('both reject %s', (_label, breakIt) => {
    const manifest = valid() as unknown as Mutable
    breakIt(manifest)
    expect(schemaErrors(manifest)).not.toEqual([])
    expect(validateManifest(manifest)).not.toEqual([])
  })

  it('the validator alone checks what a schema cannot: every named path is listed in files', () => {
    const manifest = valid() as unknown as Mutable
    manifest.assets['img/ghost.png'] = 'img/ghost.0123456789ab.png'
    expect(schemaErrors(manifest)).toEqual([])
    expect(validateManifest(manifest)).toEqual(['assets["img/ghost.png"] names "img/ghost.0123456789ab.png", which "files" does not list'])
  })

  it('the validator alone checks that the import map names modules the manifest has', () => {
    const manifest = valid() as unknown as Mutable
    manifest.importMap = { modules: { 'css/site.css': ['js/gone.js'], 'js/ghost.js': [] }, specifiers: { lit: 'vendor/lit/index.js' } }
    expect(schemaErrors(manifest)).toEqual([])
    expect(validateManifest(manifest)).toEqual([
      'importMap.modules["css/site.css"] imports "js/gone.js", which importMap.modules does not list',
      'importMap.modules["js/ghost.js"] is no asset the manifest lists',
      'importMap.specifiers["lit"] must name a module importMap.modules lists (found "vendor/lit/index.js")',
    ])
  })
})
