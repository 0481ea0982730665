import { describe, expect, it } from 'vitest'
import nunjucks from 'nunjucks'
import { createAssets, type Manifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'

const file = (size: number) => ({ size, integrity: 'sha384-AAAA' })
const manifest: Manifest = {
  version: 1,
  release: 'r1',
  base: '/static/',
  assets: {},
  entries: {
    'src/main.ts': { type: 'module', js: ['main.js'], css: ['main.css'], preload: [], fonts: ['a.woff2', 'a.woff'], lazy: ['route.css', 'route.js', 'x</script><b>.js'] },
    'src/admin.ts': { type: 'module', js: ['admin.js'], css: [], preload: [], lazy: ['route.js'] },
    'src/route.ts': { type: 'module', js: ['route.js'], css: ['route.css'], preload: [] },
  },
  files: { 'main.js': file(1), 'main.css': file(2), 'a.woff2': file(3), 'a.woff': file(4), 'route.css': file(5), 'route.js': file(6), 'x</script><b>.js': file(7), 'admin.js': file(8) },
}

/** The array the prefetch script was given, read back as the browser would read it. */
function prefetched(html: string): string[] {
  const match = /<script[^>]*>\(\(\)=>\{const u=(\[.*?\]),/.exec(html)
  return match ? (JSON.parse(match[1]!) as string[]) : []
}

describe('entry tags: font preloads and prefetch', () => {
  const assets = createAssets({ manifest, baseUrl: '/static/' })

  it('`fonts: true` preloads the woff2 (not the woff beside it) before the stylesheet, with crossorigin="anonymous" and the nonce', () => {
    const tags = assets.entryTags('src/main.ts', { fonts: true, nonce: 'n1' }).split('\n')
    expect(tags[0]).toBe('<link rel="preload" href="/static/a.woff2" as="font" type="font/woff2" crossorigin="anonymous" nonce="n1">')
    expect(tags[1]).toMatch(/^<link rel="stylesheet" href="\/static\/main.css"/)
    expect(tags.join('\n')).not.toContain('a.woff"')
  })

  it('`prefetch: 2` adds one script with the nonce that prefetches the lazy files, 2 at a time, after load; no `</script>` can end it', () => {
    const html = assets.entryTags('src/main.ts', { prefetch: 2, nonce: 'n1' })
    const script = html.split('\n').at(-1)!
    expect(script).toMatch(/^<script nonce="n1">\(\(\)=>\{.*k<2;.*addEventListener\('load',start,\{once:true\}\).*<\/script>$/)
    expect(script.match(/<\/script>/g)).toHaveLength(1)
    expect(prefetched(html)).toEqual(['/static/route.css', '/static/route.js', '/static/x%3C/script%3E%3Cb%3E.js'])
  })

  it('nothing of either unless asked (per call or by createAssets’ `fonts` and `prefetch`)', () => {
    expect(assets.entryTags('src/main.ts')).not.toMatch(/as="font"|<script>|<script nonce/)
    const everywhere = createAssets({ manifest, baseUrl: '/static/', fonts: true, prefetch: true })
    expect(everywhere.entryTags('src/main.ts')).toContain('as="font"')
    expect(everywhere.entryTags('src/main.ts')).toContain('k<3;')
    expect(everywhere.entryTags('src/main.ts', { fonts: false, prefetch: false })).not.toMatch(/as="font"|k</)
  })

  it('on a page, a file goes out once: a lazy file prefetched for one entry is not prefetched again for another', () => {
    const page = assets.page()
    expect(prefetched(page.entryTags('src/main.ts', { fonts: true, prefetch: true }))).toHaveLength(3)
    expect(page.entryTags('src/admin.ts', { prefetch: true })).not.toContain('<script>')
  })

  it('on a page, a prefetched file still gets its tags when an entry loads it (a prefetch runs nothing)', () => {
    const page = assets.page()
    page.entryTags('src/main.ts', { prefetch: true })
    expect(page.entryTags('src/route.ts')).toBe('<link rel="stylesheet" href="/static/route.css" integrity="sha384-AAAA" crossorigin="anonymous">\n<script type="module" src="/static/route.js" integrity="sha384-AAAA" crossorigin="anonymous"></script>')
  })

  it('Nunjucks: `{% entry %}` takes fonts= and prefetch=, and an unset variable keeps the default', () => {
    const env = addAssetmap(new nunjucks.Environment(null, { autoescape: true }), createAssets({ manifest, baseUrl: '/static/', fonts: true }))
    const html = env.renderString("{% entry 'src/main.ts', fonts=fonts, prefetch=2 %}", {})
    expect(html).toContain('<link rel="preload" href="/static/a.woff2" as="font"')
    expect(prefetched(html)).toHaveLength(3)
    expect(env.renderString("{% entry 'src/main.ts', fonts=false %}", {})).not.toContain('as="font"')
  })
})
