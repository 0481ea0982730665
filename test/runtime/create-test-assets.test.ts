import ejs from 'ejs'
import express from 'express'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { AssetmapError, assetLocals, createTestAssets } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { close, listen } from '../helpers/servers.ts'
import { thrown } from '../helpers/thrown.ts'

const page = `<link rel="stylesheet" href="{{ static('css/site.css') }}">
<img src="{% static 'img/hero image.png' %}" alt="">
{% entry 'src/main.ts' %}
{{ entryTags('src/admin.ts') }}
[{{ integrity('css/site.css') }}]`

describe('createTestAssets: templates render in unit tests without a build or a manifest', () => {
  it('gives predictable URLs and entry placeholders in a real Nunjucks render', () => {
    for (const inline of [false, true]) {
      const env = new nunjucks.Environment(null, { autoescape: true })
      addAssetmap(env, createTestAssets(), { inline })
      expect(env.renderString(page, {})).toBe(`<link rel="stylesheet" href="/static/css/site.css">
<img src="/static/img/hero%20image.png" alt="">
<!-- assetmap entry /static/src/main.ts -->
<!-- assetmap entry /static/src/admin.ts -->
[]`)
    }
  })

  it('takes a base URL, and a render’s own view from withBase', () => {
    const env = new nunjucks.Environment(null, { autoescape: true })
    const assets = createTestAssets({ baseUrl: 'https://cdn.example.com/s' })
    addAssetmap(env, assets)
    expect(env.renderString(`{{ static('a.css') }} {% entry 'src/main.ts' %}`, {})).toBe('https://cdn.example.com/s/a.css <!-- assetmap entry https://cdn.example.com/s/src/main.ts -->')
    expect(env.renderString(`{{ static('a.css') }}`, { assets: assets.withBase('/tenant/') })).toBe('/tenant/a.css')
    expect(thrown(() => createTestAssets({ baseUrl: 'static' }))).toMatchObject({ code: 'INVALID_BASE_URL' })
  })

  it('knows every build too: another build’s names are under <base><build>/', () => {
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), createTestAssets())
    expect(env.renderString(`{{ static('a.css', 'legacy') }} {% entry 'src/admin.ts' from 'admin' %} {% static 'b.css' from 'default' %}`, {})).toBe(
      '/static/legacy/a.css <!-- assetmap entry /static/admin/src/admin.ts --> /static/b.css',
    )
  })

  it('escapes what it puts into the page, a comment included', () => {
    const env = new nunjucks.Environment(null, { autoescape: false })
    addAssetmap(env, createTestAssets())
    const html = env.renderString(`{% entry 'x--><script>alert(1)</script>' %}|{% static 'a"b.png' %}`, {})
    expect(html).not.toContain('<script>')
    expect(html.split('-->')).toHaveLength(2)
    expect(html).toContain('|/static/a%22b.png')
    expect(thrown(() => createTestAssets().url(''))).toBeInstanceOf(AssetmapError)
  })

  it('works through assetLocals for other engines (EJS through Express)', async () => {
    const app = express()
    app.use(assetLocals(createTestAssets()))
    app.get('/', (req, res) => res.send(ejs.render(`<%- entryTags('src/main.ts') %><img src="<%= static('img/logo.png') %>">`, res.locals)))
    const { origin, server } = await listen(app)
    try {
      expect(await (await fetch(`${origin}/`)).text()).toBe('<!-- assetmap entry /static/src/main.ts --><img src="/static/img/logo.png">')
    } finally {
      await close(server)
    }
  })
})
