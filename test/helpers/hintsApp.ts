import { join } from 'node:path'
import { buildWithVite, buildWithWebpack } from './bundlers.ts'
import { fixture, outputDir } from './paths.ts'

/** The bundlers test/fixtures/hints-app is built with. */
export const HINTS_BUNDLERS = ['vite', 'webpack'] as const
export type HintsBundler = (typeof HINTS_BUNDLERS)[number]

/** test/fixtures/hints-app: one entry whose CSS names a real woff2 font, and four lazy routes with their own CSS. */
export const hintsApp = fixture('hints-app')

/** A real production build of test/fixtures/hints-app; resolves with the output dir (its `assetmap.json` inside). */
export async function buildHintsApp(bundler: HintsBundler): Promise<string> {
  const outDir = await outputDir(`hints-${bundler}`)
  if (bundler === 'vite') await buildWithVite(hintsApp, outDir, undefined, { build: { rollupOptions: { input: [join(hintsApp, 'src/main.js')] } } })
  else await buildWithWebpack(hintsApp, outDir, undefined, { entry: { main: './src/main.js' }, devtool: false })
  return outDir
}
