import { describe, expect, it } from 'vitest'
import { createAssets } from '@assetmap/runtime'
import { entryManifest } from '../helpers/smallManifests.ts'

/** The release the reload snippet compares with the one it reloaded from (`const release = …`). */
function snippetRelease(html: string): string {
  const match = /const release = ("(?:[^"\\]|\\.)*")/.exec(html)
  if (!match) throw new Error(`no reload snippet in ${html}`)
  return JSON.parse(match[1]!) as string
}

function app(site: string, admin: string) {
  return createAssets({ manifest: entryManifest(site, '/static/'), dev: false, builds: { admin: { manifest: entryManifest(admin, '/admin-static/'), dev: false } } })
}

describe('the reload snippet on a page of several builds', () => {
  it('changes when only the admin build was deployed again: a tab that reloaded once may reload after the next deploy', () => {
    const before = app('s1', 'a1').page().entryTags('src/main.js', { reloadOnChunkError: true })
    const after = app('s1', 'a2').page().entryTags('src/main.js', { reloadOnChunkError: true })
    expect(snippetRelease(after)).not.toBe(snippetRelease(before))
  })

  it('is the same whichever build renders it first on the page', () => {
    const assets = app('s1', 'a1')
    const fromAdmin = assets.page().build('admin').entryTags('src/main.js', { reloadOnChunkError: true })
    expect(snippetRelease(fromAdmin)).toBe(snippetRelease(assets.page().entryTags('src/main.js', { reloadOnChunkError: true })))
  })

  it('is the release itself on a single build’s page', () => {
    const assets = createAssets({ manifest: entryManifest('s1', '/static/'), dev: false })
    expect(snippetRelease(assets.page().entryTags('src/main.js', { reloadOnChunkError: true }))).toBe('s1')
    expect(snippetRelease(assets.entryTags('src/main.js', { reloadOnChunkError: true }))).toBe('s1')
  })
})
