import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'

const manifest: Manifest = {
  version: 1,
  release: 'r1',
  base: '/static/',
  assets: { 'js/app.js': 'js/app.aaaaaaaaaaaa.js', 'js/admin.js': 'js/admin.bbbbbbbbbbbb.js', 'js/util.js': 'js/util.cccccccccccc.js' },
  entries: {},
  files: {
    'js/app.aaaaaaaaaaaa.js': { size: 1, integrity: 'sha384-AAAA' },
    'js/admin.bbbbbbbbbbbb.js': { size: 1, integrity: 'sha384-BBBB' },
    'js/util.cccccccccccc.js': { size: 1, integrity: 'sha384-CCCC' },
  },
  importMap: { modules: { 'js/app.js': ['js/util.js'], 'js/admin.js': ['js/util.js'], 'js/util.js': [] }, specifiers: {} },
}

function render(template: string, context: Record<string, unknown> = {}): string {
  const env = new nunjucks.Environment(null, { autoescape: true })
  addAssetmap(env, createAssets({ manifest, dev: false }))
  return env.renderString(template, context)
}

describe('{% importmap %}', () => {
  it('renders the map, the preloads and the entry script, with the nonce of the render context', () => {
    const html = render(`{% importmap 'js/app.js' %}`, { cspNonce: 'abc' })
    expect(html).toMatch(/^<script type="importmap" nonce="abc">\{"imports":\{"\/static\/js\/admin\.js":"\/static\/js\/admin\.bbbbbbbbbbbb\.js",/)
    expect(html).toContain('<link rel="modulepreload" href="/static/js/util.cccccccccccc.js" integrity="sha384-CCCC" crossorigin="anonymous" nonce="abc">')
    expect(html).toContain('<script type="module" src="/static/js/app.aaaaaaaaaaaa.js" integrity="sha384-AAAA" crossorigin="anonymous" nonce="abc"></script>')
  })

  it('takes several entries and keywords; each render is one page: the module they share is preloaded once', () => {
    const html = render(`{% importmap 'js/app.js', 'js/admin.js', crossorigin=false %}`)
    expect(html.match(/js\/util\.cccccccccccc\.js" integrity/g)).toHaveLength(1)
    expect(html).toContain('<script type="module" src="/static/js/admin.bbbbbbbbbbbb.js" integrity="sha384-BBBB"></script>')
  })

  it('merges the imports a page gives, written as in docs/import-maps.md, into its one map', () => {
    const html = render(`{% importmap 'js/app.js', imports={ 'htmx.org': 'https://unpkg.com/htmx.org@2.0.4/dist/htmx.esm.js' } %}`)
    expect(html.match(/type="importmap"/g)).toHaveLength(1)
    expect(html).toContain('"htmx.org":"https://unpkg.com/htmx.org@2.0.4/dist/htmx.esm.js"')
    expect(html).toContain('"/static/js/util.js":"/static/js/util.cccccccccccc.js"')
  })

  it('with no entry, renders the map alone; the importMap() global renders the same', () => {
    const tag = render('{% importmap %}')
    expect(tag.split('\n')).toHaveLength(1)
    expect(render('{{ importMap() }}')).toBe(tag)
  })

  it('uses the view a render passes: the map under a CDN base', () => {
    const env = new nunjucks.Environment(null, { autoescape: true })
    const assets = createAssets({ manifest, dev: false })
    addAssetmap(env, assets)
    const html = env.renderString(`{% importmap 'js/app.js' %}`, { assets: assets.withBase('https://cdn.example.com/') })
    expect(html).toContain('"https://cdn.example.com/js/util.js":"https://cdn.example.com/js/util.cccccccccccc.js"')
    expect(html).toContain('src="https://cdn.example.com/js/app.aaaaaaaaaaaa.js"')
  })
})
