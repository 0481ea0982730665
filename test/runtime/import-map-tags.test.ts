import { describe, expect, it } from 'vitest'
import { assetLocals, createAssets, createTestAssets, isAssetmapError, type AssetLocals, type Manifest } from '@assetmap/runtime'

const H = (n: number) => `sha384-${String(n).repeat(8)}`

/** An import-map build: app.js → ui.js → util.js, a vendored `lit`, and a file name that must be escaped. */
function manifest(): Manifest {
  const assets: Record<string, string> = {
    'js/app.js': 'js/app.aaaaaaaaaaaa.js',
    'js/ui.js': 'js/ui.bbbbbbbbbbbb.js',
    'js/util.js': 'js/util.cccccccccccc.js',
    'js/lazy.js': 'js/lazy.dddddddddddd.js',
    'js/odd </script> name.js': 'js/odd </script> name.eeeeeeeeeeee.js',
    'vendor/lit/index.js': 'vendor/lit/index.ffffffffffff.js',
    'css/site.css': 'css/site.000000000000.css',
  }
  const files = Object.fromEntries(Object.values(assets).map((path, index) => [path, { size: 1, integrity: H(index + 1) }]))
  return {
    version: 1,
    release: 'r1',
    base: '/static/',
    assets,
    entries: {},
    files,
    importMap: {
      modules: {
        'js/app.js': ['js/ui.js', 'vendor/lit/index.js'],
        'js/ui.js': ['js/util.js'],
        'js/util.js': [],
        'js/lazy.js': ['js/util.js'],
        'js/odd </script> name.js': [],
        'vendor/lit/index.js': [],
      },
      specifiers: { lit: 'vendor/lit/index.js' },
    },
  }
}

/** The JSON inside the rendered `<script type="importmap">`. */
function mapIn(html: string): { imports: Record<string, string>; integrity?: Record<string, string> } {
  const match = /<script type="importmap"[^>]*>(.*?)<\/script>/s.exec(html)
  if (!match) throw new Error(`no import map in ${html}`)
  return JSON.parse(match[1]!) as { imports: Record<string, string> }
}

describe('assets.importMap()', () => {
  it('maps each module’s logical URL and each bare specifier to its hashed URL, with every module’s integrity', () => {
    const assets = createAssets({ manifest: manifest(), dev: false })
    const map = mapIn(assets.importMap())
    expect(map.imports['/static/js/ui.js']).toBe('/static/js/ui.bbbbbbbbbbbb.js')
    expect(map.imports['lit']).toBe('/static/vendor/lit/index.ffffffffffff.js')
    expect(Object.keys(map.imports)).toHaveLength(7)
    expect(map.integrity!['/static/js/util.cccccccccccc.js']).toBe(H(3))
    expect(Object.keys(map.integrity!)).toHaveLength(6)
  })

  it('puts the map under the base of the view: a CDN chosen per request', () => {
    const assets = createAssets({ manifest: manifest(), dev: false })
    const cdn = assets.withBase('https://cdn.example.com/assets/')
    const map = mapIn(cdn.importMap('js/app.js'))
    expect(map.imports['https://cdn.example.com/assets/js/ui.js']).toBe('https://cdn.example.com/assets/js/ui.bbbbbbbbbbbb.js')
    expect(map.integrity!['https://cdn.example.com/assets/js/ui.bbbbbbbbbbbb.js']).toBe(H(2))
    // The root view is not changed by a view's map.
    expect(mapIn(assets.importMap()).imports['/static/js/ui.js']).toBe('/static/js/ui.bbbbbbbbbbbb.js')
  })

  it('renders the map, modulepreloads of the static-import closure, then the entry script, each with the nonce', () => {
    const html = createAssets({ manifest: manifest(), dev: false }).importMap('js/app.js', { nonce: 'n"1' })
    const lines = html.split('\n')
    expect(lines[0]).toMatch(/^<script type="importmap" nonce="n&quot;1">/)
    expect(lines.slice(1)).toEqual([
      `<link rel="modulepreload" href="/static/js/ui.bbbbbbbbbbbb.js" integrity="${H(2)}" crossorigin="anonymous" nonce="n&quot;1">`,
      `<link rel="modulepreload" href="/static/vendor/lit/index.ffffffffffff.js" integrity="${H(6)}" crossorigin="anonymous" nonce="n&quot;1">`,
      `<link rel="modulepreload" href="/static/js/util.cccccccccccc.js" integrity="${H(3)}" crossorigin="anonymous" nonce="n&quot;1">`,
      `<script type="module" src="/static/js/app.aaaaaaaaaaaa.js" integrity="${H(1)}" crossorigin="anonymous" nonce="n&quot;1"></script>`,
    ])
  })

  it('never lets a name close the script element', () => {
    const html = createAssets({ manifest: manifest(), dev: false }).importMap()
    expect(html.match(/<\/script>/g)).toHaveLength(1)
    expect(mapIn(html).imports['/static/js/odd%20%3C/script%3E%20name.js']).toBe('/static/js/odd%20%3C/script%3E%20name.eeeeeeeeeeee.js')
  })

  it('on a page: one map, and no preload or script twice', () => {
    const page = createAssets({ manifest: manifest(), dev: false }).page()
    const first = page.importMap('js/app.js')
    const second = page.importMap('js/lazy.js')
    expect(first).toContain('<script type="importmap"')
    expect(second).not.toContain('importmap')
    // util.js was preloaded for app.js already.
    expect(second).toBe(`<script type="module" src="/static/js/lazy.dddddddddddd.js" integrity="${H(4)}" crossorigin="anonymous"></script>`)
  })

  it('merges imports given by the page into its one map, the build’s own mappings winning', () => {
    const map = mapIn(createAssets({ manifest: manifest(), dev: false }).importMap([], { imports: { htmx: '/js/htmx.js', lit: '/elsewhere.js' } }))
    expect(map.imports['htmx']).toBe('/js/htmx.js')
    expect(map.imports['lit']).toBe('/static/vendor/lit/index.ffffffffffff.js')
  })

  it('leaves integrity, preloads and scripts out when asked', () => {
    const html = createAssets({ manifest: manifest(), dev: false }).importMap('js/app.js', { integrity: false, preload: false, scripts: false })
    expect(html.split('\n')).toHaveLength(1)
    expect(mapIn(html).integrity).toBeUndefined()
  })

  it('names the manifest and what to run when the build has no import map, and close names for an unknown entry', () => {
    const plain = { ...manifest() }
    delete plain.importMap
    const thrown = (run: () => unknown): Error => {
      try {
        run()
      } catch (error) {
        return error as Error
      }
      throw new Error('did not throw')
    }
    const none = thrown(() => createAssets({ manifest: plain, dev: false }).importMap())
    expect(isAssetmapError(none) && none.code).toBe('INVALID_OPTION')
    expect(none.message).toContain('--importmap')
    const unknown = thrown(() => createAssets({ manifest: manifest(), dev: false }).importMap('js/apps.js'))
    expect(isAssetmapError(unknown) && unknown.code).toBe('ENTRY_NOT_FOUND')
    expect(unknown.message).toContain('"js/app.js"')
  })

  it('assetLocals gives other template engines importMap() with the response’s nonce, on its page scope', () => {
    const res = { locals: { cspNonce: 'xyz' } as Record<string, unknown> }
    assetLocals(createAssets({ manifest: manifest(), dev: false }))({}, res, () => {})
    const locals = res.locals as unknown as AssetLocals
    expect(locals.importMap('js/app.js')).toMatch(/^<script type="importmap" nonce="xyz">/)
    expect(locals.importMap('js/lazy.js')).toBe(`<script type="module" src="/static/js/lazy.dddddddddddd.js" integrity="${H(4)}" crossorigin="anonymous" nonce="xyz"></script>`)
  })

  it('createTestAssets renders a comment naming the entries', () => {
    expect(createTestAssets().importMap('js/app.js')).toBe('<!-- assetmap importmap /static/js/app.js -->')
  })
})
