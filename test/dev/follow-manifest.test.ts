import { describe, expect, it } from 'vitest'
import nunjucks from 'nunjucks'
import { addAssetmap } from '@assetmap/nunjucks'
import { followManifest, type Manifest } from '@assetmap/runtime'

function manifest(css: string): Manifest {
  return {
    assets: { 'src/main.css': css },
    base: '/static/',
    entries: { 'src/main.css': { type: 'classic', js: [], css: [css], preload: [] } },
    files: { [css]: { integrity: 'sha384-AAAA', size: 1 } },
    release: 'r1',
    version: 1,
  }
}

describe('followManifest: a manifest held in memory', () => {
  it('resolves names with whatever manifest the reader returns now, even when templates were set up before the first build', () => {
    let current: Buffer | undefined
    const assets = followManifest(() => {
      if (current === undefined) throw new Error('not built yet')
      return current
    })
    const env = addAssetmap(new nunjucks.Environment(), assets)
    current = Buffer.from(JSON.stringify(manifest('css/main.1111.css')))
    expect(env.renderString("{{ static('src/main.css') }}", {})).toBe('/static/css/main.1111.css')
    current = Buffer.from(JSON.stringify(manifest('css/main.2222.css')))
    expect(assets.url('src/main.css')).toBe('/static/css/main.2222.css')
    expect(env.renderString("{% entry 'src/main.css' %}", {})).toContain('href="/static/css/main.2222.css"')
    expect(assets.manifest.files['css/main.2222.css']!.size).toBe(1)
  })

  it('names the reader when what it returns is not a valid manifest', () => {
    expect(() => followManifest(() => '{"assets":').url('x')).toThrow(/followManifest reader.*not valid JSON/)
    expect(() => followManifest(() => ({ version: 1 }) as unknown as Manifest).url('x')).toThrow(/followManifest reader/)
  })
})
