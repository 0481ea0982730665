import { describe, expect, it } from 'vitest'
import { createManifest } from '../../packages/engine/src/record/createManifest.ts'
import { stableStringify } from '../../packages/engine/src/record/stableStringify.ts'
import { validateManifest, manifestSchema, type Manifest } from '@assetmap/runtime'
import { isSafeOutputPath } from '@assetmap/runtime/internal'
import { thrown } from '../helpers/thrown.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

/** Names that sort differently by code unit and by locale, integer-like keys, quotes, newlines, non-ASCII; files given unsorted and twice. */
function trickyInput() {
  return {
    base: '/static',
    pinnedBase: '/pinned',
    assets: [['z.css', 'z.1.css'], ['10', 'n/10.js'], ['9', 'n/9.js'], ['é/ü.css', 'é/ü.2.css'], ['a "quoted"\nname', 'q/a"b.js'], ['Z.css', 'Z.3.css'], ['z.css', 'z.1.css']] as Array<[string, string]>,
    entries: [
      ['main', { type: 'module' as const, preload: ['n/9.js'], js: ['n/10.js'], css: ['z.1.css'] }],
      ['10', { type: 'classic' as const, js: [], css: [], preload: [] }],
    ] as Array<[string, Manifest['entries'][string]]>,
    files: [
      ['z.1.css', bytes('z{}')],
      ['n/10.js', { size: 3, integrity: 'sha256-AAAA' }],
      ['n/9.js', bytes('9')],
      ['é/ü.2.css', bytes('é')],
      ['q/a"b.js', { integrity: 'sha512-bWFpbg==', size: 0 }],
      ['Z.3.css', bytes('Z')],
    ] as Array<[string, Uint8Array | { size: number; integrity: string }]>,
    encodings: new Map([
      ['z.1.css', ['gzip', 'br']],
      ['n/9.js', []],
    ]),
  }
}

// Written by the engine before the manifest stage was reworked (commit e0f1033): the text must not change by a byte.
const GOLDEN: string = "{\n  \"assets\": {\n    \"9\": \"n/9.js\",\n    \"10\": \"n/10.js\",\n    \"Z.css\": \"Z.3.css\",\n    \"a \\\"quoted\\\"\\nname\": \"q/a\\\"b.js\",\n    \"z.css\": \"z.1.css\",\n    \"é/ü.css\": \"é/ü.2.css\"\n  },\n  \"base\": \"/static/\",\n  \"entries\": {\n    \"10\": {\n      \"css\": [],\n      \"js\": [],\n      \"preload\": [],\n      \"type\": \"classic\"\n    },\n    \"main\": {\n      \"css\": [\n        \"z.1.css\"\n      ],\n      \"js\": [\n        \"n/10.js\"\n      ],\n      \"preload\": [\n        \"n/9.js\"\n      ],\n      \"type\": \"module\"\n    }\n  },\n  \"files\": {\n    \"Z.3.css\": {\n      \"integrity\": \"sha384-QM0Fa7SNJcrLNOKxsegcU+9NIQtXWXv6Mjyi1DDRM6+apwtdsLQJN1Yb9efhlCBT\",\n      \"size\": 1\n    },\n    \"n/10.js\": {\n      \"integrity\": \"sha256-AAAA\",\n      \"size\": 3\n    },\n    \"n/9.js\": {\n      \"integrity\": \"sha384-3mwj3JC5Ih/gFQ+KaOxzO3lu3dyhS2nS//j0cqTseX9BYxkgJTPcve9ppO5lT6uN\",\n      \"size\": 1\n    },\n    \"q/a\\\"b.js\": {\n      \"integrity\": \"sha512-bWFpbg==\",\n      \"size\": 0\n    },\n    \"z.1.css\": {\n      \"encodings\": [\n        \"br\",\n        \"gzip\"\n      ],\n      \"integrity\": \"sha384-f/PMQJV71nbth5rGSaHBtNu1KGP2+6/Oh9TFSLCi4gJ0Ajq1BrfagaCtLGCAcN2q\",\n      \"size\": 3\n    },\n    \"é/ü.2.css\": {\n      \"integrity\": \"sha384-QaLds03KC0APqbc6NoMHrL7XWOhc5QUn0WVaJjoQ4g7voY+BFnZ6Eoh3qXwRFgom\",\n      \"size\": 2\n    }\n  },\n  \"pinnedBase\": \"/pinned/\",\n  \"release\": \"e1af7de12a39\",\n  \"version\": 1\n}\n"

describe('createManifest', () => {
  it('writes the same text as before, key for key and byte for byte, release included', () => {
    const manifest = createManifest(trickyInput())
    expect(`${JSON.stringify(manifest, null, 2)}\n`).toBe(GOLDEN)
    expect(manifest.release).toBe('e1af7de12a39')
  })

  it('gives the same manifest whatever the order of its input', () => {
    const input = trickyInput()
    const reversed = { ...input, assets: [...input.assets].reverse(), entries: [...input.entries].reverse(), files: [...input.files].reverse() }
    expect(JSON.stringify(createManifest(reversed))).toBe(JSON.stringify(createManifest(input)))
  })

  it('keeps a file named __proto__ as a file', () => {
    const manifest = createManifest({ base: '/', assets: [['__proto__', '__proto__']], entries: [], files: [['__proto__', bytes('x')]] })
    expect(Object.keys(manifest.files)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(manifest.files)).toBe(Object.prototype)
    expect(validateManifest(JSON.parse(JSON.stringify(manifest)))).toEqual([])
  })

  it.each([
    ['an asset naming a file the build did not write', { assets: [['app.js', 'app.0123.js']] as Array<[string, string]> }, 'assets["app.js"] names "app.0123.js", which "files" does not list'],
    ['an entry naming a file the build did not write', { entries: [['main', { type: 'module' as const, js: ['gone.js'], css: [], preload: [] }]] as Array<[string, Manifest['entries'][string]]> }, 'entries["main"].js[0] names "gone.js"'],
    ['a file outside the output dir', { files: [['../up.js', bytes('x')]] as Array<[string, Uint8Array]> }, 'files["../up.js"]: the path must stay inside the output dir'],
    ['a file whose size is not a whole number', { files: [['a.js', { size: 1.5, integrity: 'sha256-AAAA' }]] as Array<[string, { size: number; integrity: string }]> }, 'files["a.js"].size must be a whole number of bytes'],
    ['an integrity with a character base64 does not have', { files: [['a.js', { size: 1, integrity: 'sha256-AA_A' }]] as Array<[string, { size: number; integrity: string }]> }, 'files["a.js"].integrity must be an SRI hash'],
    ['a file whose integrity is not SRI', { files: [['a.js', { size: 1, integrity: 'md5-xyz' }]] as Array<[string, { size: number; integrity: string }]> }, 'files["a.js"].integrity must be an SRI hash'],
  ])('refuses %s with MANIFEST_INVALID, naming it', (_, change, message) => {
    const error = thrown(() => createManifest({ base: '/', assets: [], entries: [], files: [], ...change }))
    expect(error.code).toBe('MANIFEST_INVALID')
    expect(error.message).toContain(message)
  })
})

describe('stableStringify', () => {
  it('sorts keys at every depth, keeps array order, and leaves out inherited keys', () => {
    const record = Object.assign(Object.create({ inherited: true }) as Record<string, unknown>, { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null }, 10: 'ten', 9: 'nine' })
    expect(stableStringify(record)).toBe(`${JSON.stringify({ 9: 'nine', 10: 'ten', a: { c: null, d: [{ y: 2, z: 1 }, 3] }, b: 1 }, null, 2)}\n`)
  })

  it('writes a sorted manifest as JSON.stringify does, without copying it', () => {
    const manifest = createManifest(trickyInput())
    expect(stableStringify(manifest)).toBe(GOLDEN)
  })
})

describe('the validator agrees with the published patterns', () => {
  const schema = manifestSchema as { properties: { files: { propertyNames: { pattern: string }; additionalProperties: { properties: { integrity: { pattern: string } } } } } }
  const pathPattern = new RegExp(schema.properties.files.propertyNames.pattern, 'u')
  const integrityPattern = new RegExp(schema.properties.files.additionalProperties.properties.integrity.pattern, 'u')

  it('on output paths', () => {
    const paths = ['a', 'a/b.js', '', '/a', 'a/../b', '..', '../a', 'a/..', 'a/..b', '..a/b', 'a..', 'a\\b', 'a\0b', 'new\nline', 'é/ü', '\ud800', 'a/./b', 'a//b', ' /x', '.hidden']
    for (const path of paths) expect(isSafeOutputPath(path), JSON.stringify(path)).toBe(pathPattern.test(path))
  })

  it('on integrity values', () => {
    const values = ['sha384-abc', 'sha256-AAAA', 'sha512-bWFpbg==', 'sha384-a_b', 'sha384-a==b', 'sha384-===', 'sha384-', 'sha1-abc', 'sha384-a\nb', 'sha384-a b', 'sha384-é', 'SHA384-abc', 'sha384-+/09azAZ=']
    for (const integrity of values) {
      const manifest = { version: 1, release: 'r', base: '/', assets: {}, entries: {}, files: { 'a.js': { size: 1, integrity } } }
      expect(validateManifest(manifest).length === 0, JSON.stringify(integrity)).toBe(integrityPattern.test(integrity))
    }
  })
})
