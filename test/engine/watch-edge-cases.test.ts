import { appendFile, cp, link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession } from '@assetmap/engine'
import { fixture, outputDir } from '../helpers/paths.ts'

// What a hostile review of incremental rebuilds (a watch's session, and the build cache) found:
// each case failed on 074c896; after each step, assetmap.json is byte for byte a cold build's.

const build = (src: string, out: string, extra: object) => completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', onWarning: () => {}, ...extra } })

async function site(label: string): Promise<string> {
  const src = join(await outputDir(label), 'static')
  await cp(fixture('static-site'), src, { recursive: true })
  return src
}

async function cold(src: string): Promise<string> {
  const out = await outputDir('review-cold')
  await build(src, out, { cache: false })
  return readFile(join(out, 'assetmap.json'), 'utf8')
}

describe('incremental rebuilds under a second hostile review', () => {
  // The map is no longer recomposed with the CSS file: its output goes back to the map as read.
  async function dropMapReference(src: string): Promise<string> {
    const css = join(src, 'css/site.css')
    await writeFile(css, (await readFile(css, 'utf8')).replace(/\/\*# sourceMappingURL=.*\*\//, ''))
    return css
  }

  it('a watch: a CSS file that stops naming its source map', async () => {
    const src = await site('review-map-src')
    const out = await outputDir('review-map-out')
    const session = createStaticSession()
    await build(src, out, { session })
    session.changed([await dropMapReference(src)])
    await build(src, out, { session })
    expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(await cold(src))
  })

  it('a rebuild from the cache: a CSS file that stops naming its source map', async () => {
    const src = await site('review-map-src')
    const out = await outputDir('review-map-out')
    await build(src, out, {})
    await dropMapReference(src)
    await build(src, out, {})
    expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(await cold(src))
  })

  for (const kind of ['hard', 'symbolic'] as const) {
    it(`a watch: a file replaced by a ${kind} link to another source, then the other edited`, async () => {
      const src = await site('review-link-src')
      const out = await outputDir('review-link-out')
      const session = createStaticSession()
      await build(src, out, { session })
      const [print, latin1] = [join(src, 'css/print.css'), join(src, 'css/latin1.css')]
      await rm(latin1)
      await (kind === 'hard' ? link(print, latin1) : symlink(print, latin1))
      session.changed([latin1])
      await build(src, out, { session })
      expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(await cold(src))
      await appendFile(print, '\n.edited { color: red }\n')
      // What a watcher reports: the path written.
      session.changed([print])
      await build(src, out, { session })
      expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(await cold(src))
    })
  }

  it('a watch: a dangling link whose target appears outside the dirs, then another file edited', async () => {
    const root = await outputDir('review-dangling')
    const src = join(root, 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    await mkdir(join(root, 'outside'))
    await symlink(join(root, 'outside/late.css'), join(src, 'css/late.css'))
    const out = await outputDir('review-dangling-out')
    const session = createStaticSession()
    const warned = (into: string[]) => ({ onWarning: (message: string) => into.push(message) })
    const first: string[] = []
    await build(src, out, { session, ...warned(first) })
    expect(first.join('\n')).toMatch(/late\.css/)
    // Outside every dir: no watcher sees it.
    await writeFile(join(root, 'outside/late.css'), '.late {}\n')
    await writeFile(join(src, 'css/print.css'), '.p {}\n')
    session.changed([join(src, 'css/print.css')])
    const again: string[] = []
    await build(src, out, { session, ...warned(again) })
    const coldOut = await outputDir('review-dangling-cold')
    const coldWarnings: string[] = []
    await build(src, coldOut, { cache: false, ...warned(coldWarnings) })
    expect(again).toEqual(coldWarnings)
    expect(await readFile(join(out, 'assetmap.json'), 'utf8')).toBe(await readFile(join(coldOut, 'assetmap.json'), 'utf8'))
  })
})
