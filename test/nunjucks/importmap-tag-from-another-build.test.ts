import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createAssets, type Assets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { entryManifest, importMapManifest } from '../helpers/smallManifests.ts'

/** The import maps in `html`, parsed. */
function maps(html: string): Array<{ imports: Record<string, string> }> {
  return [...html.matchAll(/<script type="importmap"[^>]*>(.*?)<\/script>/gs)].map((match) => JSON.parse(match[1]!) as { imports: Record<string, string> })
}

function render(assets: Assets, source: string): string {
  return addAssetmap(new nunjucks.Environment(null, { autoescape: true }), assets).renderString(source, {})
}

const admin = { manifest: importMapManifest('a1', '/admin-static/', 'js/admin.js'), dev: false }

describe("{% importmap … from 'admin' %}", () => {
  const assets = createAssets({ manifest: importMapManifest('s1', '/static/'), dev: false, builds: { admin } })

  it('renders the admin build’s module script in the page’s one map, which maps every build', () => {
    const html = render(assets, "{% importmap 'js/admin.js' from 'admin', preload=false %}\n{% importmap 'js/app.js' %}")
    const found = maps(html)
    expect(found).toHaveLength(1)
    expect(found[0]!.imports['/admin-static/js/admin.js']).toBe('/admin-static/js/admin.a1.js')
    expect(found[0]!.imports['/static/js/app.js']).toBe('/static/js/app.s1.js')
    expect(html).toContain('<script type="module" src="/admin-static/js/admin.a1.js"')
    expect(html).not.toContain('<link rel="modulepreload" href="/admin-static/js/lib.a1.js"')
    expect(html).toContain('<link rel="modulepreload" href="/static/js/lib.s1.js"')
  })

  it("takes several names before from, and from alone: {% importmap from 'admin' %}", () => {
    expect(maps(render(assets, "{% importmap from 'admin' %}"))[0]!.imports['/admin-static/js/admin.js']).toBe('/admin-static/js/admin.a1.js')
    expect(render(assets, "{% importmap 'js/admin.js', 'js/lib.js' from 'admin' %}")).toContain('<script type="module" src="/admin-static/js/lib.a1.js"')
  })

  it('refuses two names without a comma, saying what goes where', () => {
    expect(() => render(assets, "{% importmap 'js/admin.js' 'js/lib.js' from 'admin' %}")).toThrow("expected a comma between arguments: names, then from 'build', then keywords")
  })

  it('the importMap() global takes the build last, as static() and entryTags() do', () => {
    expect(render(assets, "{{ importMap('js/admin.js', {}, 'admin') }}")).toContain('<script type="module" src="/admin-static/js/admin.a1.js"')
  })
})

describe('a default build without an import map, beside a build with one', () => {
  const assets = createAssets({ manifest: entryManifest('s1', '/static/'), dev: false, builds: { admin } })

  it('{% importmap %} renders the map of the builds that have one', () => {
    expect(maps(render(assets, '{% importmap %}'))[0]!.imports['/admin-static/js/admin.js']).toBe('/admin-static/js/admin.a1.js')
  })

  it("{% importmap 'js/admin.js' %} says to name the build that has it", () => {
    expect(() => render(assets, "{% importmap 'js/admin.js' %}")).toThrow(`{% importmap 'js/admin.js' from 'admin' %}`)
  })
})
