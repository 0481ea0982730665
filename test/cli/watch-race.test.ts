import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
// The watch itself, in this process: its progress callback is where a test can act while a build runs.
import { watchCommand } from '../../packages/cli/dist/commands/watch.js'
import type { BuildSummary } from '../../packages/cli/dist/commands/build.js'
import { outputDir } from '../helpers/paths.ts'
import { until } from '../helpers/until.ts'

it('a watch does not report the failure of a build during which the files changed again: the build they start decides', async () => {
  const src = join(await outputDir('watch-race-src'), 'static')
  await mkdir(join(src, 'css'), { recursive: true })
  await mkdir(join(src, 'img'), { recursive: true })
  await writeFile(join(src, 'css/a.css'), '.a { background: url(../img/logo.png) }\n')
  const errors: unknown[] = []
  const builds: BuildSummary[] = []
  let saving = false
  const watching = await watchCommand({
    dirs: [src],
    out: await outputDir('watch-race-out'),
    strict: true,
    onWarning() {},
    onBuild: (_changed, summary) => builds.push(summary),
    onError: (_changed, error) => errors.push(error),
    // An editor still saving: the image the CSS names lands while the build that the CSS edit started runs.
    onProgress() {
      if (!saving) return
      saving = false
      void writeFile(join(src, 'img/logo.png'), 'a logo\n')
    },
  })
  try {
    // The first build: the image is missing, and nothing changed while it ran. Said.
    expect(errors).toHaveLength(1)
    saving = true
    await writeFile(join(src, 'css/a.css'), '.a { background: url(../img/logo.png) no-repeat }\n')
    await until(() => builds.length > 0, 'the build after the image landed')
    expect(builds.at(-1)!.warnings).toEqual([])
    expect(errors).toHaveLength(1)
  } finally {
    await watching.close()
  }
})
