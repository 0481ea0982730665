import { expect } from 'vitest'
import { validateManifest, type Manifest } from '@assetmap/runtime'

/** What webpack's and Rspack's `stats.toJson()` say of entrypoints and chunks. */
export interface StatsJsonLike {
  entrypoints?: Record<string, { assets?: Array<{ name: string }> }>
  chunks?: Array<{ initial: boolean; files?: string[] }>
}

/** Files of the chunks loaded on demand. */
export function asyncFiles(json: StatsJsonLike): string[] {
  return json.chunks!.filter((chunk) => !chunk.initial).flatMap((chunk) => chunk.files ?? [])
}

/**
 * The manifest of test/fixtures/app built by webpack or Rspack: keyed by source path, each
 * classic entry listing its entrypoint's files as the bundler's stats do (runtime first, all its
 * CSS), and no file of a dynamic import loaded up front.
 */
export function expectWebpackFamilyManifest(manifest: Manifest, json: StatsJsonLike): void {
  expect(validateManifest(manifest)).toEqual([])
  expect(Object.keys(manifest.entries).sort()).toEqual(['src/admin.js', 'src/main.js', 'src/other.js', 'src/styles/print.css'])
  expect(manifest.assets['src/img/bg.png']).toMatch(/^assets\/bg\.[0-9a-f]{8}\.png$/)
  expect(manifest.assets['src/fonts/fixture.woff2']).toMatch(/^assets\/fixture\.[0-9a-f]{8}\.woff2$/)
  expect(manifest.assets['src/main.js']).toMatch(/^js\/main\.[0-9a-f]{8}\.js$/)
  for (const [name, source] of [['main', 'src/main.js'], ['other', 'src/other.js'], ['admin', 'src/admin.js']] as const) {
    const expected = json.entrypoints![name]!.assets!.map((a) => a.name)
    const { fonts, lazy, ...entry } = manifest.entries[source]!
    expect(entry).toEqual({ type: 'classic', js: expected.filter((file) => file.endsWith('.js')), css: expected.filter((file) => file.endsWith('.css')), preload: [] })
    expect(entry.js[0]).toMatch(/^js\/runtime\./)
    // main.css names the font; main.js alone imports lazy.js (and its CSS).
    expect(fonts).toEqual(source === 'src/main.js' ? [manifest.assets['src/fonts/fixture.woff2']] : undefined)
    expect(lazy?.toSorted()).toEqual(source === 'src/main.js' ? asyncFiles(json).filter((file) => /\.(js|css)$/.test(file)).toSorted() : undefined)
  }
  expect(manifest.entries['src/main.js']!.css.length).toBeGreaterThanOrEqual(2)
  const async = asyncFiles(json)
  expect(async.length).toBeGreaterThan(0)
  for (const entry of Object.values(manifest.entries)) for (const file of async) expect([...entry.js, ...entry.css, ...entry.preload]).not.toContain(file)
}
