import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCliIn } from '../helpers/cli.ts'
import { fixture, outputDir } from '../helpers/paths.ts'

/** `test/fixtures/cli-templates-builds`: a site folder, an admin folder, and one template naming both (and two builds it has not). */
const project = fixture('cli-templates-builds')

describe('assetmap inspect --templates on an app of several builds', () => {
  let site: string
  let admin: string
  beforeAll(async () => {
    site = await outputDir('inspect-builds-site')
    admin = await outputDir('inspect-builds-admin')
    for (const [dir, out, base] of [['site', site, '/static/'], ['admin', admin, '/admin-static/']] as const) {
      const build = runCliIn(project, 'build', dir, '--out', out, '--base', base)
      expect(build.code, build.stderr).toBe(0)
    }
  })

  it('without --builds, checks the default build’s names and skips, with a note, those of another build', () => {
    const run = runCliIn(project, 'inspect', site, '--templates', 'views')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('checked 2 asset names used in templates')
    expect(run.stdout).toContain('skipped 6 names of other builds ("admin", "admn", "legacy"): give their output folders with --builds admin=dist/admin to check them')
  })

  it('with --builds, checks each name against its own build, names the build at fault, and flags a build name that is a typo', () => {
    const run = runCliIn(project, 'inspect', site, '--templates', 'views', '--builds', `admin=${admin}`)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('checked 6 asset names used in templates')
    expect(run.stdout).toContain('skipped 1 name of other builds ("legacy")')
    expect(run.stderr.trim().split('\n')).toEqual([
      'error: page.njk:4: entry "js/admin.js" is not in the manifest of build "admin"',
      'error: page.njk:5: asset "img/missing.png" is not in the manifest of build "admin"',
      'error: page.njk:7: build "admn" is not one of --builds (did you mean "admin"?)',
    ])
  })

  it('refuses a --builds item that is not name=folder, or names a folder without a manifest', async () => {
    const bad = runCliIn(project, 'inspect', site, '--templates', 'views', '--builds', 'admin')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--builds: "admin" is not name=folder')
    const empty = await outputDir('inspect-builds-empty')
    const missing = runCliIn(project, 'inspect', site, '--templates', 'views', '--builds', `admin=${empty}`)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(`No manifest at ${join(empty, 'assetmap.json')}`)
  })
})

describe('assetmap inspect --templates on an import-map build', () => {
  it('checks the modules {% importmap %} and importMap() name against the manifest’s import map', async () => {
    const out = await outputDir('inspect-importmap-out')
    const views = await outputDir('inspect-importmap-views')
    const build = runCliIn(project, 'build', 'admin', '--out', out, '--importmap')
    expect(build.code, build.stderr).toBe(0)
    writeFileSync(join(views, 'page.njk'), `{% importmap 'js/admin.js' %}\n{% importmap 'js/amdin.js', preload=false %}\n{{ importMap('js/admin.js') }}\n{{ importMap(['js/lib/x.js']) }}\n`)
    const run = runCliIn(project, 'inspect', out, '--templates', views)
    expect(run.stdout).toContain('checked 3 asset names used in templates')
    expect(run.stderr.trim().split('\n')).toEqual(['error: page.njk:2: module "js/amdin.js" is not in the manifest\'s import map (did you mean "js/admin.js"?)'])
    expect(run.code).toBe(1)
  })
})
