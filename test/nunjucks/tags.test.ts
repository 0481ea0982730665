import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { AssetmapError, createAssets, type Manifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { fixture } from '../helpers/paths.ts'

const templates = fixture('templates')
const sitePath = join(fixture('manifests'), 'site.json')

function environment(options?: nunjucks.ConfigureOptions) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), { autoescape: true, ...options })
  const assets = createAssets({ manifest: sitePath })
  addAssetmap(env, assets)
  return { env, assets }
}

describe('Nunjucks integration', () => {
  it('renders static() and the static and entry tags', () => {
    const html = environment().env.render('page.njk')
    expect(html).toContain('<link rel="stylesheet" href="/static/css/site.3f9a1c2b4d5e.css">')
    expect(html).toContain('<img src="/static/img/logo.aa11bb22cc33.png" alt="logo">')
    expect(html).toContain('<script type="module" src="/static/assets/main-B2x9Qa1c.js" integrity="sha384-bWFpbg==" crossorigin="anonymous"></script>')
    expect(html).toContain('<link rel="modulepreload" href="/static/assets/vendor-D9aa01Xy.js"')
  })

  it('escapes URLs in both forms with autoescape on; the tag escapes even with it off', () => {
    const odd = `{{ static('img/a&b "quoted".png') }}|{% static 'img/a&b "quoted".png' %}`
    // The quotes and the space are percent-encoded in the URL; `&` is legal in a path and escaped as HTML.
    const escaped = '/static/img/a&amp;b%20%22quoted%22.0a1b2c3d4e5f.png'
    expect(environment().env.render('page.njk')).toContain(`src="${escaped}"`)
    expect(environment().env.renderString(odd, {})).toBe(`${escaped}|${escaped}`)
    // static() returns a value: with autoescape off Nunjucks prints it as it is; the tag writes HTML, so it escapes.
    expect(environment({ autoescape: false }).env.renderString(odd, {})).toBe(`/static/img/a&b%20%22quoted%22.0a1b2c3d4e5f.png|${escaped}`)
  })

  it('passes tag keywords and global options to entry tags', () => {
    const [first, second, third, fourth] = environment().env.render('entry-options.njk').split('---').map((part) => part.trim())
    expect(first).toContain('nonce="n&quot;&lt;1&gt;"')
    expect(first).not.toContain('integrity=')
    expect(second).toBe('<link rel="stylesheet" href="/static/css/legacy.11aa22bb.css" integrity="sha384-bGVnY3Nz">\n<script src="/static/js/runtime.0f0f0f0f.js" defer integrity="sha384-cnVudGltZQ=="></script>\n<script src="/static/js/legacy.1e1e1e1e.js" defer integrity="sha384-bGVnYWN5"></script>')
    expect(third).toBe('<link rel="stylesheet" href="/static/assets/print-Zz1y2x3w.css" integrity="sha384-cHJpbnQ=" crossorigin="anonymous">')
    expect(fourth).toBe('sha384-bG9nbw==')
  })

  it('takes the CSP nonce from the render context', () => {
    const html = environment().env.renderString(`{% entry 'src/main.ts' %}`, { cspNonce: 'abc123' })
    expect(html.split('\n').every((tag) => tag.includes('nonce="abc123"'))).toBe(true)
  })

  it('uses a per-render view passed as `assets`', () => {
    const { env, assets } = environment()
    const tenant = assets.withBase('https://tenant.example.com/s/')
    expect(env.renderString(`{{ static('css/site.css') }}|{% static 'css/site.css' %}`, { assets: tenant })).toBe(
      'https://tenant.example.com/s/css/site.3f9a1c2b4d5e.css|https://tenant.example.com/s/css/site.3f9a1c2b4d5e.css',
    )
  })

  it.each([
    ['missing.njk', 'img/lgo.png', 'img/logo.png'],
    ['missing-global.njk', 'css/sit.css', 'css/site.css'],
  ])('an unknown name in %s fails the render naming the template, the asset and close names', (template, name, suggestion) => {
    const renderError = (dev: boolean): Error & { cause?: unknown } => {
      try {
        environment({ dev }).env.render(template)
      } catch (caught) {
        return caught as Error
      }
      throw new Error(`rendering ${template} did not fail`)
    }
    const error = renderError(false)
    expect(error.message).toContain(join(templates, template))
    expect(error.message).toContain(`AssetmapError: [assetmap] Unknown asset ${JSON.stringify(name)}`)
    expect(error.message).toContain(`Did you mean ${JSON.stringify(suggestion)}`)
    // Nunjucks keeps the original error as `cause` only in dev mode.
    const cause = renderError(true).cause
    expect(cause).toBeInstanceOf(AssetmapError)
    expect((cause as AssetmapError).code).toBe('ASSET_NOT_FOUND')
  })

  describe('inline: true', () => {
    function inlineEnv() {
      const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templates), { autoescape: true })
      addAssetmap(env, createAssets({ manifest: sitePath }), { inline: true })
      return env
    }

    it('compiles literal {% static %} tags to text, rendering the same page', () => {
      expect(inlineEnv().render('page.njk')).toBe(environment().env.render('page.njk'))
      const compiled = nunjucks.precompileString(`<img src="{% static 'img/logo.png' %}">`, { name: 'x.njk', env: inlineEnv() })
      expect(compiled).toContain('/static/img/logo.aa11bb22cc33.png')
      expect(compiled).not.toContain('renderStatic')
    })

    it('fails when the template compiles, naming the template and the asset', () => {
      expect(() => inlineEnv().getTemplate('missing.njk', true)).toThrow(/missing\.njk[\s\S]*Unknown asset "img\/lgo\.png"/)
    })

    it('still resolves names from variables per render', () => {
      expect(inlineEnv().renderString(`{% static name %}`, { name: 'css/site.css' })).toBe('/static/css/site.3f9a1c2b4d5e.css')
    })
  })

  it('rejects something that is not an assets object', () => {
    const env = new nunjucks.Environment()
    expect(() => addAssetmap(env, {} as ReturnType<typeof createAssets>)).toThrow(/needs the object createAssets\(\) returns/)
  })

  it('works with a manifest built in memory', () => {
    const manifest = JSON.parse(readFileSync(sitePath, 'utf8')) as Manifest
    const env = new nunjucks.Environment()
    addAssetmap(env, createAssets({ manifest, baseUrl: 'https://cdn.example.com/' }))
    expect(env.renderString(`{{ static('src/main.ts') }}`, {})).toBe('https://cdn.example.com/assets/main-B2x9Qa1c.js')
  })
})
