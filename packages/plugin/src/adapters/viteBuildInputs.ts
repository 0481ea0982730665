import { resolve } from 'node:path'

type Input = string | string[] | Record<string, string> | undefined

/** The parts of Vite's resolved config that name the build inputs (`rolldownOptions` since Vite 8). */
export interface InputsConfig {
  build: { rollupOptions?: { input?: unknown }; rolldownOptions?: { input?: unknown } }
}

/** The build inputs as absolute files: the entries whose stylesheets are crawled before the first page. */
export function buildInputs(config: InputsConfig, root: string): string[] {
  const input = (config.build.rolldownOptions?.input ?? config.build.rollupOptions?.input) as Input
  if (input === undefined) return []
  const list = typeof input === 'string' ? [input] : Array.isArray(input) ? input : Object.values(input)
  return list.filter((item): item is string => typeof item === 'string').map((item) => resolve(root, item))
}
