import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findTemplateNames } from '../../packages/cli/dist/templateNames.js'
import { outputDir } from '../helpers/paths.ts'

describe('assetmap inspect --templates reads the build an import map names', () => {
  it("{% importmap 'x' from 'admin' %} and importMap('x', {}, 'admin') are the admin build's modules", async () => {
    const dir = await outputDir('template-names-importmap-from')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'page.njk'), "{% importmap 'js/admin.js' from 'admin', preload=false %}\n{{ importMap('js/other.js', {}, 'admin') }}\n{% importmap 'js/app.js' %}\n")
    expect(await findTemplateNames(dir)).toEqual([
      { file: 'page.njk', line: 1, kind: 'module', name: 'js/admin.js', build: 'admin' },
      { file: 'page.njk', line: 2, kind: 'module', name: 'js/other.js', build: 'admin' },
      { file: 'page.njk', line: 3, kind: 'module', name: 'js/app.js' },
    ])
  })
})
