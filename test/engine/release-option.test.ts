import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { completeBuild } from '@assetmap/engine'
import { outputDir } from '../helpers/paths.ts'

// A release id names the release copy's file (`.assetmap/releases/<id>.json`): a static-only
// build (no bundle, no compression, no session), whose manifest no longer goes through
// createManifest, must still refuse one that is not 1-64 characters of [A-Za-z0-9._-], before
// writing anything (a hostile review found `../../../escaped` written beside the output folder).
describe('a static-only build given an invalid release', () => {
  it.each([['../../../escaped'], ['a b'], ['"x']])('refuses %j with INVALID_OPTION before writing anything', async (release) => {
    const root = await outputDir('r8-release')
    const src = join(root, 'src')
    const out = join(root, 'a', 'out')
    await mkdir(src, { recursive: true })
    await writeFile(join(src, 'a.css'), '.a{}')
    const error = await completeBuild({ outDir: out, base: '/static/', release, static: { dirs: [src], root: '/', onWarning: () => {} } }).then(() => undefined, (e: unknown) => e)
    expect((error as { code?: string } | undefined)?.code).toBe('INVALID_OPTION')
    expect((error as Error).message).toContain(JSON.stringify(release))
    // Nothing at all: not the output folder, nor `<out>/.assetmap/releases/../../../escaped.json` (`root/a/escaped.json`).
    expect(await readdir(root)).toEqual(['src'])
  })
})
