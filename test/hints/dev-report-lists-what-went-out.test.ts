import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { createAssets, describeSent, type Manifest } from '@assetmap/runtime'
import { addAssetmap } from '@assetmap/nunjucks'
import { buildHintsApp, hintsApp } from '../helpers/hintsApp.ts'
import { startExpressHints, startFastifyHints, type HintsServer } from '../helpers/hintsServer.ts'
import { readManifest } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

const bytes = (size: number): string => (size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} kB`)

/** `path 1.2 kB` as the report writes a file. */
function sized(manifest: Manifest, path: string): string {
  return `${path} ${bytes(manifest.files[path]!.size)}`
}

/** `kind N (total): path size, …` as the report writes a kind of file. */
function listed(manifest: Manifest, kind: string, paths: string[]): string {
  return `${kind} ${paths.length} (${bytes(paths.reduce((sum, path) => sum + manifest.files[path]!.size, 0))}): ${paths.map((path) => sized(manifest, path)).join(', ')}`
}

describe('DEBUG=assetmap: one line per response listing what the page sent, with sizes', () => {
  let outDir: string
  let manifest: Manifest
  let express: HintsServer
  let fastify: HintsServer
  const lines: string[] = []
  const saved = { DEBUG: process.env.DEBUG, NODE_ENV: process.env.NODE_ENV }
  beforeAll(async () => {
    outDir = await buildHintsApp('vite')
    manifest = await readManifest(outDir)
    express = await startExpressHints(outDir)
    fastify = await startFastifyHints(outDir)
    const write = process.stderr.write.bind(process.stderr)
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).startsWith('[assetmap]')) return lines.push(String(chunk)) > 0
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest)
    })
  }, 60_000)
  afterEach(() => {
    lines.length = 0
    process.env.DEBUG = saved.DEBUG
    process.env.NODE_ENV = saved.NODE_ENV
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await express?.close()
    await fastify?.close()
  })

  it('Express with assetLocals: the request, its entry, stylesheet, script, font, prefetches and hints', async () => {
    process.env.DEBUG = 'express:*,assetmap'
    const entry = manifest.entries['src/main.js']!
    await (await fetch(`${express.origin}/page?fonts=1&prefetch=2`)).text()
    await until(() => lines.length > 0, 'the report line')
    expect(lines).toHaveLength(1)
    const parts = lines[0]!.trim().split(' | ')
    expect(parts[0]).toBe('[assetmap] GET /page?fonts=1&prefetch=2: entries src/main.js')
    expect(parts.slice(1, 5)).toEqual([listed(manifest, 'stylesheet', entry.css), listed(manifest, 'script', entry.js), listed(manifest, 'font', entry.fonts!), listed(manifest, 'prefetch', entry.lazy!)])
    expect(parts[5]).toBe(`hint 3: ${entry.css[0]} (rel=preload; as=style), ${entry.fonts![0]} (rel=preload; as=font), ${entry.js[0]} (rel=modulepreload)`)
  })

  it('Fastify with Nunjucks: the page passed to the render is reported when the render ends', async () => {
    process.env.DEBUG = 'assetmap'
    await (await fetch(`${fastify.origin}/page`)).text()
    await until(() => lines.length > 0, 'the report line')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\[assetmap\] render page\.njk: entries src\/main\.js \| stylesheet 1 .* \| script 1 .* \| hint 2: /)
  })

  it('Nunjucks alone, and `describeSent()` for any page scope', () => {
    process.env.DEBUG = 'assetmap'
    const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: '/static/' })
    addAssetmap(new nunjucks.Environment(new nunjucks.FileSystemLoader(join(hintsApp, 'views'))), assets).render('page.njk', {})
    expect(lines).toEqual([expect.stringMatching(/^\[assetmap\] render page\.njk: entries src\/main\.js \| stylesheet 1/)])
    const page = assets.page()
    page.entryTags('src/main.js')
    expect(describeSent(page, 'mine')).toMatch(/^\[assetmap\] mine: entries src\/main\.js \| stylesheet 1 .* \| script 1 /)
  })

  it('a page of several builds: one line for every build, and hints from any of them', () => {
    process.env.DEBUG = 'assetmap'
    const manifestPath = join(outDir, 'assetmap.json')
    const assets = createAssets({ manifest: manifestPath, baseUrl: '/static/', builds: { admin: { manifest: manifestPath, baseUrl: '/admin/' } } })
    const page = assets.page()
    expect(page.hints('src/main.js')).toHaveLength(2)
    expect(page.build('admin').hints('src/main.js')[0]).toMatch(/^<\/admin\/assets\/main-/)
    page.entryTags('src/main.js')
    page.build('admin').entryTags('src/main.js')
    const line = describeSent(page)!
    expect(line).toMatch(/^\[assetmap\] page: entries src\/main\.js \| stylesheet 2 .*: assets\/main-.*\.css .*, \/admin\/assets\/main-.*\.css .* \| script 2 /)
    expect(line).toMatch(/\| hint 4: .*\/admin\/assets\/main-/)
  })

  it.each([
    ['NODE_ENV=production', { DEBUG: 'assetmap', NODE_ENV: 'production' }],
    ['DEBUG unset', { DEBUG: '', NODE_ENV: 'development' }],
    ['DEBUG naming others only', { DEBUG: 'express:*', NODE_ENV: 'development' }],
  ])('off with %s: nothing is printed or kept', async (_case, env) => {
    Object.assign(process.env, env)
    await (await fetch(`${express.origin}/page?prefetch=2`)).text()
    const assets = createAssets({ manifest: join(outDir, 'assetmap.json'), baseUrl: '/static/' })
    expect(describeSent(assets.page())).toBeUndefined()
    expect(lines).toEqual([])
  })
})
