import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildWithVite } from '../helpers/bundlers.ts'
import { fixture, outputDir, readManifest } from '../helpers/paths.ts'

const app = fixture('app')

/** Django's override pattern: the project's dir, listed first, holds admin/css/base.css as an app's dir does. */
async function overridingDirs(): Promise<{ project: string; app: string }> {
  const root = await outputDir('first-wins-src')
  const dirs = { project: join(root, 'project'), app: join(root, 'app') }
  await mkdir(join(dirs.project, 'admin/css'), { recursive: true })
  await mkdir(join(dirs.app, 'admin/css'), { recursive: true })
  await writeFile(join(dirs.project, 'admin/css/base.css'), '.project { color: red }\n')
  await writeFile(join(dirs.app, 'admin/css/base.css'), '.app { color: blue }\n')
  await writeFile(join(dirs.app, 'admin/css/forms.css'), '@import "base.css";\n')
  return dirs
}

const logger = (warnings: string[]) => {
  const warn = (message: string) => warnings.push(message)
  return { customLogger: { warn, warnOnce: warn, info() {}, error() {}, clearScreen() {}, hasErrorLogged: () => false, hasWarned: false } }
}

describe('the plugin option staticFirstWins in a Vite build', () => {
  it('refuses two static files of one name by default', async () => {
    const dirs = await overridingDirs()
    await expect(buildWithVite(app, await outputDir('first-wins-out'), { static: [dirs.project, dirs.app] }, logger([]))).rejects.toThrow(
      'Two static files map to the logical name "admin/css/base.css"',
    )
  })

  it('lets the earlier dir win, rewrites references to the winner, and names the shadowed file in a warning', async () => {
    const dirs = await overridingDirs()
    const out = await outputDir('first-wins-out')
    const warnings: string[] = []
    await buildWithVite(app, out, { static: [dirs.project, dirs.app], staticFirstWins: true }, logger(warnings))
    const manifest = await readManifest(out)
    expect(await readFile(join(out, manifest.assets['admin/css/base.css']!), 'utf8')).toContain('.project')
    expect(await readFile(join(out, manifest.assets['admin/css/forms.css']!), 'utf8')).toContain(manifest.assets['admin/css/base.css']!.slice('admin/css/'.length))
    expect(warnings.join('\n')).toContain(`shadowed admin/css/base.css: ${join(dirs.app, 'admin/css/base.css')} (${join(dirs.project, 'admin/css/base.css')} wins)`)
  })
})
