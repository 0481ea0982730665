import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build as viteBuild } from 'vite'
import type { Manifest } from '@assetmap/runtime'
import { exampleCopy, readManifest, repoRoot } from './paths.ts'
import { readmeBlock } from './readme.ts'

/** The README's app: a copy of the Vite example with the README's vite config, template and server.js, built. */
export async function buildReadmeApp(label: string): Promise<{ app: string; out: string; manifest: Manifest }> {
  const app = await exampleCopy(label)
  writeFileSync(join(app, 'vite.config.js'), readmeBlock(repoRoot, '// vite.config.js'))
  writeFileSync(join(app, 'views/index.njk'), readmeBlock(repoRoot, '{# views/index.njk #}'))
  writeFileSync(join(app, 'server.js'), readmeBlock(repoRoot, '// server.js'))
  await viteBuild({ root: app, configFile: join(app, 'vite.config.js'), logLevel: 'silent' })
  const out = join(app, 'dist/static')
  return { app, out, manifest: await readManifest(out) }
}
