import { relative, sep } from 'node:path'
import type { DevStylesheet } from '@assetmap/runtime/internal'
import { buildInputs, type InputsConfig } from './viteBuildInputs.ts'
import { crawl, stylesheetsOf, type ClientEnvironment } from './viteModuleGraphStyles.ts'

/** The parts of a Vite dev server that finding the entries' stylesheets needs. */
export interface StylesheetsServer {
  config: InputsConfig & { root: string }
  environments: { client: unknown }
}

/**
 * For the dev file (two processes): each build input's stylesheets by name (relative to `root`),
 * after transforming what is not transformed yet, so that the backend can link them.
 */
export async function entryStylesheets(server: StylesheetsServer, root: string): Promise<Record<string, DevStylesheet[]>> {
  const env = server.environments.client as ClientEnvironment
  const result: Record<string, DevStylesheet[]> = {}
  for (const file of buildInputs(server.config, server.config.root)) {
    await crawl(env, server.config.root, file)
    const sheets = stylesheetsOf(env, file)
    if (sheets.length > 0) result[relative(root, file).split(sep).join('/')] = sheets
  }
  return result
}
