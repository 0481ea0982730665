import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { describe, expect, it } from 'vitest'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { fixture } from '../helpers/paths.ts'

const site = JSON.parse(readFileSync(join(fixture('manifests'), 'site.json'), 'utf8')) as Manifest
// The entry's stylesheet and shared chunk get names of their own, as Vite's manifest gives them.
const manifest: Manifest = { ...site, assets: { ...site.assets, 'src/main.css': 'assets/main-Cc81x0aa.css', '_vendor-D9aa01Xy.js': 'assets/vendor-D9aa01Xy.js' } }
const script = '<script type="module" src="/static/assets/main-B2x9Qa1c.js"'

function render(source: string, options?: { inline?: boolean }): string {
  const env = new nunjucks.Environment(null, { autoescape: true })
  addAssetmap(env, createAssets({ manifest, dev: false }), options)
  return env.renderString(source, {})
}

describe("a URL static() gave never removes an entry's tags (Nunjucks)", () => {
  it('renders the entry script after a manual preload of the same URL through {{ static() }}', () => {
    const html = render(`<link rel="preload" as="script" href="{{ static('src/main.ts') }}">\n{% entry 'src/main.ts' %}`)
    expect(html).toContain('<link rel="preload" as="script" href="/static/assets/main-B2x9Qa1c.js">')
    expect(html).toContain(script)
  })

  it('renders the stylesheet and preload after {% static %} tags named them, inlined or not', () => {
    for (const inline of [false, true]) {
      const html = render(`<link rel="preload" as="style" href="{% static 'src/main.css' %}"><link rel="modulepreload" href="{% static '_vendor-D9aa01Xy.js' %}">{% entry 'src/main.ts' %}`, { inline })
      expect(html).toContain('<link rel="stylesheet" href="/static/assets/main-Cc81x0aa.css"')
      expect(html).toContain('<link rel="modulepreload" href="/static/assets/vendor-D9aa01Xy.js" integrity=')
      expect(html).toContain(script)
    }
  })

  it('still emits each file once across two entry tags of one page', () => {
    const html = render(`{{ static('src/main.ts') }}{% entry 'src/main.ts' %}{% entry 'src/main.ts' %}`)
    expect(html.split(script)).toHaveLength(2)
  })
})
