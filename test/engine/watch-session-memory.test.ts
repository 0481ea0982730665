// A watch keeps its last build in memory, and only its last: a long `assetmap build --watch`
// must not grow with every rebuild. A rebuild that walks again (a file was added) once kept every
// earlier build alive through a chain of closures (each build's file map looked names up through
// a function that held the whole build, the last build's map included): 8 MB more per rebuild of
// the 10k tree, until the process ran out of memory.
import { cp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { completeBuild, createStaticSession } from '@assetmap/engine'
import { fixture, outputDir } from '../helpers/paths.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

describe('a watch session', () => {
  it('lets go of earlier builds when rebuilds walk the folders again', async () => {
    const src = join(await outputDir('session-memory-src'), 'static')
    await cp(fixture('static-site'), src, { recursive: true })
    const out = await outputDir('session-memory-out')
    const session = createStaticSession()
    const build = async () => (await completeBuild({ outDir: out, base: '/static/', static: { dirs: [src], root: '/', session, onWarning() {} } })).static!
    const first = new WeakRef((await build()).assets)
    for (let step = 1; step <= 3; step++) {
      // A new file: the watcher's report sends the rebuild through a new walk.
      await writeFile(join(src, `css/new-${step}.css`), `.new-${step} { color: red }\n`)
      session.changed([join(src, `css/new-${step}.css`)])
      await build()
    }
    // A later task: a WeakRef's target is kept until the end of the task that made it.
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
    expect(first.deref(), "the first build's result maps, three builds later").toBeUndefined()
  })
})
