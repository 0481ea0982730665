import { cp, readFile, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession } from '@assetmap/engine'
import { fixture, outputDir } from '../helpers/paths.ts'
import { pastRacyWindow } from '../helpers/racyWindow.ts'

// A watch keeps the last build's files, stamps and cache records in memory (stamps in one column
// by walk position, records without a path or stamp of their own). A rebuild that walks again
// (a folder was reported) finds them through the last build's files: what did not change is
// spared, and the cache it writes is byte for byte the one a cold build writes.

/** Two copies of the static site, whose names (by prefix) sort in the other order than the dirs are walked. */
async function twoDirs(label: string): Promise<{ root: string; dirs: Array<{ dir: string; prefix: string }> }> {
  const root = await outputDir(label)
  await cp(fixture('static-site'), join(root, 'a'), { recursive: true })
  await cp(fixture('static-site'), join(root, 'b'), { recursive: true })
  await pastRacyWindow()
  return { root, dirs: [{ dir: join(root, 'b'), prefix: 'zz' }, { dir: join(root, 'a'), prefix: 'aa' }] }
}

const build = (dirs: object[], outDir: string, extra: object = {}) =>
  completeBuild({ outDir, base: '/static/', static: { dirs, root: '/', onWarning: () => {}, ...extra } })

const cacheIn = (out: string): Promise<string> => readFile(join(out, '.assetmap/cache.json'), 'utf8')

/** A watch on `dirs` into its own folder, after its first build. */
async function watching(label: string, dirs: object[]) {
  const out = await outputDir(label)
  const session = createStaticSession()
  await build(dirs, out, { session })
  /** Builds again after `paths` were reported (as a watcher does). */
  const rebuild = async (...paths: string[]) => (session.changed(paths), (await build(dirs, out, { session })).static!)
  /** Writes the session's cache, and expects the bytes a cold build writes. */
  const expectColdCache = async (): Promise<void> => {
    session.flush()
    const cold = await outputDir('rewalk-cold')
    await build(dirs, cold)
    expect(await cacheIn(out)).toBe(await cacheIn(cold))
  }
  return { out, rebuild, expectColdCache }
}

describe('a watch that walks the static dirs again', () => {
  it('spares every file it had: nothing is written, the build is unchanged, and the cache it writes is a cold build’s', async () => {
    const { root, dirs } = await twoDirs('rewalk-src')
    const { out, rebuild, expectColdCache } = await watching('rewalk-out', dirs)
    const again = await rebuild(join(root, 'a'))
    expect(again.unchanged).toBe(true)
    expect(again.written).toBe(0)
    await expectColdCache()
    const oneShot = await build(dirs, out)
    expect(oneShot.static!.unchanged).toBe(true)
  })

  it('looks again at a file whose stamp changed (same bytes, new modification time), and writes the cache a cold build writes', async () => {
    const { root, dirs } = await twoDirs('rewalk-touch-src')
    const { rebuild, expectColdCache } = await watching('rewalk-touch-out', dirs)
    const css = join(root, 'a/css/site.css')
    await utimes(css, new Date(2001, 0, 1), new Date(2001, 0, 1))
    await pastRacyWindow()
    const again = await rebuild(join(root, 'a/css'))
    expect(again.unchanged).toBe(false)
    expect(again.written).toBe(0)
    await expectColdCache()
    // A watch's quick rebuild (a known file reported) after the walk: the same.
    await utimes(css, new Date(2002, 0, 1), new Date(2002, 0, 1))
    await pastRacyWindow()
    const quick = await rebuild(css)
    expect(quick.changes?.since).toBe(again.changes?.build)
    // The CSS file and the source map recomposed with it.
    expect(quick.changes?.names).toEqual(['aa/css/site.css.map', 'aa/css/site.css'])
    await expectColdCache()
  })
})
