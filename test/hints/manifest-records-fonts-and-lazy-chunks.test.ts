import { describe, expect, it } from 'vitest'
import { validateManifest } from '@assetmap/runtime'
import { buildHintsApp, HINTS_BUNDLERS } from '../helpers/hintsApp.ts'
import { readManifest } from '../helpers/paths.ts'

describe.each(HINTS_BUNDLERS)('%s: the manifest entry records its fonts and its lazy chunks', (bundler) => {
  it('lists the font its CSS names and every lazy route with its CSS, nothing it loads at once', async () => {
    const manifest = await readManifest(await buildHintsApp(bundler))
    expect(validateManifest(manifest)).toEqual([])
    const entry = manifest.entries['src/main.js']!
    expect(entry.fonts).toEqual([manifest.assets['src/fonts/hints-mono.woff2']])
    const lazy = entry.lazy ?? []
    expect(lazy.filter((path) => path.endsWith('.js'))).toHaveLength(4)
    expect(lazy.filter((path) => path.endsWith('.css'))).toHaveLength(4)
    for (const loaded of [...entry.js, ...entry.css, ...entry.preload]) expect(lazy).not.toContain(loaded)
    // Vite names a lazy chunk by its module; webpack's are numbered.
    if (bundler === 'vite') for (const route of ['one', 'two', 'three', 'four']) expect(lazy).toContain(manifest.assets[`src/routes/${route}.js`])
  }, 60_000)
})
