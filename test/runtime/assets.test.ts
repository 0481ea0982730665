import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { normalizeBaseUrl } from '@assetmap/runtime/internal'
import { fixture, outputDir } from '../helpers/paths.ts'
import { thrown } from '../helpers/thrown.ts'

const sitePath = join(fixture('manifests'), 'site.json')
const site = JSON.parse(readFileSync(sitePath, 'utf8')) as Manifest

afterEach(() => {
  delete process.env.ASSETMAP_BASE_URL
})

describe('createAssets().url', () => {
  it("uses the manifest's base by default", () => {
    expect(createAssets({ manifest: sitePath }).url('css/site.css')).toBe('/static/css/site.3f9a1c2b4d5e.css')
  })

  it('takes ASSETMAP_BASE_URL over the manifest, and the option over both', () => {
    process.env.ASSETMAP_BASE_URL = 'https://cdn.example.com/static'
    expect(createAssets({ manifest: sitePath }).url('img/logo.png')).toBe('https://cdn.example.com/static/img/logo.aa11bb22cc33.png')
    expect(createAssets({ manifest: sitePath, baseUrl: '/assets' }).url('img/logo.png')).toBe('/assets/img/logo.aa11bb22cc33.png')
  })

  it('ignores an empty ASSETMAP_BASE_URL', () => {
    process.env.ASSETMAP_BASE_URL = ''
    expect(createAssets({ manifest: sitePath }).baseUrl).toBe('/static/')
  })

  it('accepts a manifest object', () => {
    expect(createAssets({ manifest: site, baseUrl: '//cdn.example.com/s/' }).url('src/main.ts')).toBe('//cdn.example.com/s/assets/main-B2x9Qa1c.js')
  })

  it('answers the same URL on repeated calls and has() tells known names', () => {
    const assets = createAssets({ manifest: site })
    expect(assets.url('css/site.css')).toBe(assets.url('css/site.css'))
    expect([assets.has('css/site.css'), assets.has('css/nope.css'), assets.has('toString')]).toEqual([true, false, false])
  })

  it('throws ASSET_NOT_FOUND naming the asset, the manifest path and up to 3 close names', () => {
    const error = thrown(() => createAssets({ manifest: sitePath }).url('css/sit.css'))
    expect(error.code).toBe('ASSET_NOT_FOUND')
    expect(error.value).toBe('css/sit.css')
    expect(error.message).toContain('"css/sit.css"')
    expect(error.message).toContain(sitePath)
    expect(error.message).toContain('Did you mean "css/site.css"')
    const far = thrown(() => createAssets({ manifest: sitePath }).url('zzzzzzzzzzzzzzzzzzzzzz.woff'))
    expect(far.message).not.toContain('Did you mean')
    const byName = thrown(() => createAssets({ manifest: sitePath }).url('logo.png'))
    expect(byName.message).toContain('Did you mean "img/logo.png"')
  })

  it('does not resolve prototype names', () => {
    expect(thrown(() => createAssets({ manifest: site }).url('__proto__')).code).toBe('ASSET_NOT_FOUND')
    expect(thrown(() => createAssets({ manifest: site }).entryTags('constructor')).code).toBe('ENTRY_NOT_FOUND')
  })
})

describe('loading the manifest', () => {
  it('MANIFEST_NOT_FOUND names the path and says to build first', () => {
    const missing = join(fixture('manifests'), 'nope', 'assetmap.json')
    const error = thrown(() => createAssets({ manifest: missing }))
    expect(error.code).toBe('MANIFEST_NOT_FOUND')
    expect(error.value).toBe(missing)
    expect(error.message).toContain(missing)
    expect(error.message).toMatch(/Run the build first/)
  })

  it('MANIFEST_INVALID for bad JSON names the path', () => {
    const path = join(fixture('manifests'), 'not-json.json')
    const error = thrown(() => createAssets({ manifest: path }))
    expect(error.code).toBe('MANIFEST_INVALID')
    expect(error.message).toContain(path)
    expect(error.message).toMatch(/not valid JSON/)
  })

  it('MANIFEST_INVALID lists what is wrong', () => {
    const path = join(fixture('manifests'), 'wrong-shape.json')
    const error = thrown(() => createAssets({ manifest: path }))
    expect(error.code).toBe('MANIFEST_INVALID')
    for (const problem of [
      '"version" must be 1',
      '"release" must be',
      '"base" must be a string ending in "/"',
      'assets["css/site.css"] must be a relative path inside the output dir',
      'assets["img/logo.png"] names "img/missing.png", which "files" does not list',
      'entries["src/main.ts"].type must be "module" or "classic"',
      'entries["src/main.ts"].js must be an array',
    ]) {
      expect(error.message).toContain(problem)
    }
  })
})

describe('base URLs', () => {
  it.each([
    ['/static', '/static/'],
    ['/', '/'],
    ['https://cdn.example.com/static', 'https://cdn.example.com/static/'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080/'],
    ['//cdn.example.com/x/', '//cdn.example.com/x/'],
  ])('normalises %s to %s', (input, output) => {
    expect(normalizeBaseUrl(input)).toBe(output)
  })

  it.each(['static/', './', '', 'javascript:alert(1)//', 'https://cdn.example.com/s?x=1', '/static/#x', '/st atic/', '/a"b/', 'https://user:pw@cdn.example.com/', 'https:///nohost', '\\\\evil.example.com'])(
    'rejects %j with INVALID_BASE_URL',
    (input) => {
      const error = thrown(() => normalizeBaseUrl(input))
      expect(error.code).toBe('INVALID_BASE_URL')
      expect(error.value).toBe(input)
      expect(error.message).toMatch(/Use an absolute path like "\/static\/"/)
    },
  )

  it('rejects an invalid base given by option or environment at creation', () => {
    expect(thrown(() => createAssets({ manifest: site, baseUrl: 'cdn.example.com' })).code).toBe('INVALID_BASE_URL')
    process.env.ASSETMAP_BASE_URL = 'ftp://cdn.example.com/'
    expect(thrown(() => createAssets({ manifest: site })).code).toBe('INVALID_BASE_URL')
  })
})

describe('withBase views', () => {
  it('resolves under the new base without touching the original', () => {
    const assets = createAssets({ manifest: site })
    const tenant = assets.withBase('https://tenant-a.example.com/static')
    expect(tenant.url('css/site.css')).toBe('https://tenant-a.example.com/static/css/site.3f9a1c2b4d5e.css')
    expect(assets.url('css/site.css')).toBe('/static/css/site.3f9a1c2b4d5e.css')
    expect(tenant.entry('src/main.ts').js).toEqual(['https://tenant-a.example.com/static/assets/main-B2x9Qa1c.js'])
    expect(tenant.manifest).toBe(assets.manifest)
  })

  it('reuses the view for the same base', () => {
    const assets = createAssets({ manifest: site })
    expect(assets.withBase('/a/')).toBe(assets.withBase('/a'))
    expect(assets.withBase('/static/')).toBe(assets)
  })
})

describe('entries', () => {
  const assets = createAssets({ manifest: site })

  it('renders CSS, modulepreload and the module script with integrity and crossorigin', () => {
    expect(assets.entryTags('src/main.ts').split('\n')).toEqual([
      '<link rel="stylesheet" href="/static/assets/vendor-a1B2c3D4.css" integrity="sha384-dmNzcw==" crossorigin="anonymous">',
      '<link rel="stylesheet" href="/static/assets/main-Cc81x0aa.css" integrity="sha384-bWFpbmNzcw==" crossorigin="anonymous">',
      '<link rel="modulepreload" href="/static/assets/vendor-D9aa01Xy.js" integrity="sha384-dmVuZG9y" crossorigin="anonymous">',
      '<script type="module" src="/static/assets/main-B2x9Qa1c.js" integrity="sha384-bWFpbg==" crossorigin="anonymous"></script>',
    ])
  })

  it('renders classic entries as deferred scripts in order', () => {
    expect(assets.entryTags('src/legacy.js', { crossorigin: false, integrity: false })).toBe(
      [
        '<link rel="stylesheet" href="/static/css/legacy.11aa22bb.css">',
        '<script src="/static/js/runtime.0f0f0f0f.js" defer></script>',
        '<script src="/static/js/legacy.1e1e1e1e.js" defer></script>',
      ].join('\n'),
    )
  })

  it('renders only the stylesheet of a CSS-only entry', () => {
    expect(assets.entryTags('src/styles/print.css', { integrity: false })).toBe('<link rel="stylesheet" href="/static/assets/print-Zz1y2x3w.css" crossorigin="anonymous">')
  })

  it('escapes the nonce and leaves out preloads on request', () => {
    const html = assets.entryTags('src/main.ts', { nonce: '"><script>alert(1)</script>', preload: false })
    expect(html).not.toContain('modulepreload')
    expect(html).toContain('nonce="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html).not.toContain('<script>alert')
  })

  it('escapes URLs built from odd file names', () => {
    const odd = createAssets({ manifest: { ...site, entries: { x: { type: 'module', js: ['img/a&b "quoted".0a1b2c3d4e5f.png'], css: [], preload: [] } } } })
    expect(odd.entryTags('x', { integrity: false, crossorigin: false })).toBe('<script type="module" src="/static/img/a&amp;b%20%22quoted%22.0a1b2c3d4e5f.png"></script>')
  })

  it('throws ENTRY_NOT_FOUND with close names', () => {
    const error = thrown(() => assets.entryTags('src/mian.ts'))
    expect(error.code).toBe('ENTRY_NOT_FOUND')
    expect(error.message).toContain('Did you mean "src/main.ts"')
  })

  it('gives integrity by asset name', () => {
    expect(assets.integrity('css/site.css')).toBe('sha384-c2l0ZQ==')
    expect(thrown(() => assets.integrity('css/nope.css')).code).toBe('ASSET_NOT_FOUND')
  })
})

describe('assets.page(): one page, each file once', () => {
  const two: Manifest = {
    ...site,
    entries: {
      ...site.entries,
      'src/admin.ts': { type: 'module', js: ['assets/admin-Ad1234aa.js'], css: ['assets/vendor-a1B2c3D4.css', 'assets/admin-Ad5678bb.css'], preload: ['assets/vendor-D9aa01Xy.js'] },
      'src/other.js': { type: 'classic', js: ['js/runtime.0f0f0f0f.js', 'js/other.2e2e2e2e.js'], css: [], preload: [] },
    },
    files: {
      ...site.files,
      'assets/admin-Ad1234aa.js': { size: 1, integrity: 'sha384-YWRtaW4=' },
      'assets/admin-Ad5678bb.css': { size: 1, integrity: 'sha384-YWRtaW5jc3M=' },
      'js/other.2e2e2e2e.js': { size: 1, integrity: 'sha384-b3RoZXI=' },
    },
  }
  const tagsOf = (html: string): string[] => html.split('\n').filter(Boolean).map((tag) => tag.match(/(?:href|src)="([^"]+)"/)![1]!)

  it('leaves out of the second entry the CSS and chunks the first one emitted', () => {
    const page = createAssets({ manifest: two }).page()
    expect(page.isPage).toBe(true)
    expect(tagsOf(page.entryTags('src/main.ts'))).toEqual(['/static/assets/vendor-a1B2c3D4.css', '/static/assets/main-Cc81x0aa.css', '/static/assets/vendor-D9aa01Xy.js', '/static/assets/main-B2x9Qa1c.js'])
    expect(tagsOf(page.entryTags('src/admin.ts'))).toEqual(['/static/assets/admin-Ad5678bb.css', '/static/assets/admin-Ad1234aa.js'])
    expect(page.entryTags('src/main.ts')).toBe('')
  })

  it('emits a classic runtime chunk once, and never skips a file because static() gave its URL', () => {
    const page = createAssets({ manifest: two }).page()
    expect(tagsOf(page.entryTags('src/legacy.js'))).toEqual(['/static/css/legacy.11aa22bb.css', '/static/js/runtime.0f0f0f0f.js', '/static/js/legacy.1e1e1e1e.js'])
    expect(tagsOf(page.entryTags('src/other.js'))).toEqual(['/static/js/other.2e2e2e2e.js'])
    const linked = createAssets({ manifest: two }).page()
    expect(linked.url('src/main.ts')).toBe('/static/assets/main-B2x9Qa1c.js')
    expect(tagsOf(linked.entryTags('src/main.ts'))).toContain('/static/assets/main-B2x9Qa1c.js')
  })

  it('keeps pages apart, and the root view keeps rendering everything', () => {
    const assets = createAssets({ manifest: two })
    const one = assets.page()
    const other = assets.page()
    one.entryTags('src/main.ts')
    expect(tagsOf(other.entryTags('src/admin.ts'))).toHaveLength(4)
    expect(tagsOf(assets.entryTags('src/main.ts'))).toHaveLength(4)
    expect(tagsOf(assets.entryTags('src/main.ts'))).toHaveLength(4)
    expect(assets.isPage).toBe(false)
  })

  it('keeps the scope across withBase on a page, with the new base', () => {
    const page = createAssets({ manifest: two }).page()
    const cdn = page.withBase('https://cdn.example.com/static/')
    expect(cdn.isPage).toBe(true)
    expect(tagsOf(cdn.entryTags('src/main.ts'))[0]).toBe('https://cdn.example.com/static/assets/vendor-a1B2c3D4.css')
    expect(tagsOf(cdn.entryTags('src/admin.ts'))).toEqual(['https://cdn.example.com/static/assets/admin-Ad5678bb.css', 'https://cdn.example.com/static/assets/admin-Ad1234aa.js'])
  })
})

describe('close names on a large manifest', () => {
  const assets: Record<string, string> = {}
  const files: Manifest['files'] = {}
  for (let i = 0; i < 100_000; i++) {
    const name = `img/set-${i % 100}/icon-${i}.png`
    const output = `img/set-${i % 100}/icon-${i}.${i.toString(16).padStart(12, '0')}.png`
    assets[name] = output
    files[output] = { size: 1, integrity: 'sha384-AAAA' }
  }
  assets['src/img/logo.png'] = 'src/img/logo.aa11bb22cc33.png'
  files['src/img/logo.aa11bb22cc33.png'] = { size: 1, integrity: 'sha384-AAAA' }
  const big = createAssets({ manifest: { version: 1, release: 'big', base: '/static/', assets, entries: {}, files } })

  it.each([
    ['a typo in the file name', 'img/set-7/icon-1007.pgn', 'img/set-7/icon-1007.png'],
    ['a typo in the folder', 'img/set-07/icon-1007.png', 'img/set-7/icon-1007.png'],
    ['a wrong folder', 'images/logo.png', 'src/img/logo.png'],
    ['a missing folder', 'logo.png', 'src/img/logo.png'],
  ])('still suggests the right name for %s', (_label, wanted, expected) => {
    const error = thrown(() => big.url(wanted))
    expect(error.code).toBe('ASSET_NOT_FOUND')
    expect(error.message).toContain(`Did you mean ${JSON.stringify(expected)}`)
  })

  it('suggests nothing for a name no typo explains, and for a huge name from request data', () => {
    expect(thrown(() => big.url('zzzz/qqqq.woff')).message).not.toContain('Did you mean')
    expect(thrown(() => big.url(`img/set-1/${'x'.repeat(100_000)}`)).message).not.toContain('Did you mean')
  })
})

describe('assets.reload()', () => {
  async function copyOfSite(): Promise<string> {
    const path = join(await outputDir('reload'), 'assetmap.json')
    writeFileSync(path, JSON.stringify(site))
    return path
  }

  function withCss(output: string): Manifest {
    const files = { ...site.files, [output]: site.files['css/site.3f9a1c2b4d5e.css']! }
    return { ...site, assets: { ...site.assets, 'css/site.css': output }, files }
  }

  it('switches every view, cached URLs included, to the new file', async () => {
    const path = await copyOfSite()
    const assets = createAssets({ manifest: path })
    const cdn = assets.withBase('https://cdn.example.com/static/')
    expect(assets.url('css/site.css')).toBe('/static/css/site.3f9a1c2b4d5e.css')
    expect(cdn.url('css/site.css')).toBe('https://cdn.example.com/static/css/site.3f9a1c2b4d5e.css')
    writeFileSync(path, JSON.stringify(withCss('css/site.0123456789ab.css')))
    const manifest = assets.reload()
    expect(manifest).toBe(assets.manifest)
    expect(cdn.manifest).toBe(manifest)
    expect(assets.url('css/site.css')).toBe('/static/css/site.0123456789ab.css')
    expect(cdn.url('css/site.css')).toBe('https://cdn.example.com/static/css/site.0123456789ab.css')
  })

  it('reaches a withBase view evicted from the kept views and still held by the app', async () => {
    const path = await copyOfSite()
    const assets = createAssets({ manifest: path })
    const first = assets.withBase('https://tenant-0.example.com/static/')
    expect(first.url('css/site.css')).toBe('https://tenant-0.example.com/static/css/site.3f9a1c2b4d5e.css')
    // 64 more tenants push the first view out of the views the runtime keeps.
    for (let i = 1; i <= 64; i++) assets.withBase(`https://tenant-${i}.example.com/static/`).url('css/site.css')
    expect(assets.withBase('https://tenant-0.example.com/static/')).not.toBe(first)
    writeFileSync(path, JSON.stringify(withCss('css/site.0123456789ab.css')))
    assets.reload()
    expect(first.url('css/site.css')).toBe('https://tenant-0.example.com/static/css/site.0123456789ab.css')
    expect(first.manifest).toBe(assets.manifest)
  })

  it('keeps the current manifest when the new file is invalid or missing, and says why', async () => {
    const path = await copyOfSite()
    const assets = createAssets({ manifest: path })
    const before = assets.manifest
    writeFileSync(path, '{"version": 1, "assets": ')
    expect(thrown(() => assets.reload()).code).toBe('MANIFEST_INVALID')
    rmSync(path)
    expect(thrown(() => assets.reload()).code).toBe('MANIFEST_NOT_FOUND')
    expect(assets.manifest).toBe(before)
    expect(assets.url('css/site.css')).toBe('/static/css/site.3f9a1c2b4d5e.css')
  })

  it('needs a manifest that came from a file', () => {
    const error = thrown(() => createAssets({ manifest: site }).reload())
    expect(error.code).toBe('INVALID_OPTION')
    expect(error.message).toContain('reload() needs a manifest read from a file')
  })
})

describe('pinning a release', () => {
  async function twoReleases(): Promise<string> {
    const dir = await outputDir('pin')
    mkdirSync(join(dir, '.assetmap/releases'), { recursive: true })
    const older = { ...withRelease('r1', 'css/site.111111111111.css') }
    const newer = { ...withRelease('r2', 'css/site.222222222222.css') }
    writeFileSync(join(dir, '.assetmap/releases/r1.json'), JSON.stringify(older))
    writeFileSync(join(dir, '.assetmap/releases/r2.json'), JSON.stringify(newer))
    writeFileSync(join(dir, 'assetmap.json'), JSON.stringify(newer))
    return join(dir, 'assetmap.json')
  }

  function withRelease(release: string, output: string): Manifest {
    return { ...site, release, assets: { ...site.assets, 'css/site.css': output }, files: { ...site.files, [output]: site.files['css/site.3f9a1c2b4d5e.css']! } }
  }

  it('resolves with the pinned release while assetmap.json is already the next one', async () => {
    const path = await twoReleases()
    expect(createAssets({ manifest: path }).url('css/site.css')).toBe('/static/css/site.222222222222.css')
    const pinned = createAssets({ manifest: path, release: 'r1' })
    expect(pinned.url('css/site.css')).toBe('/static/css/site.111111111111.css')
    expect(pinned.manifestPath).toBe(join(dirname(path), '.assetmap/releases/r1.json'))
    expect(pinned.outDir).toBe(dirname(path))
    process.env.ASSETMAP_RELEASE = 'r1'
    try {
      expect(createAssets({ manifest: path }).manifest.release).toBe('r1')
      expect(createAssets({ manifest: path, release: 'r2' }).manifest.release).toBe('r2')
    } finally {
      delete process.env.ASSETMAP_RELEASE
    }
  })

  it('names the missing release and lists the ones there are', async () => {
    const path = await twoReleases()
    for (const release of ['r9', '../r1', '..']) {
      const error = thrown(() => createAssets({ manifest: path, release }))
      expect(error.code).toBe('MANIFEST_NOT_FOUND')
      expect(error.value).toBe(release)
      expect(error.message).toContain('Releases there: r1, r2.')
    }
  })
})
