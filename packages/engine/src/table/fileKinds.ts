import { extname } from 'node:path'

/** Which scanner reads a file, by its extension; `undefined` for files never rewritten. */
export function textKind(name: string): 'css' | 'js' | undefined {
  const ext = extname(name).toLowerCase()
  return ext === '.css' ? 'css' : ext === '.js' || ext === '.mjs' ? 'js' : undefined
}

/** Source maps and JSON: read and parsed like CSS and JS, as a rewritten file may recompose them. */
export const MAP_LIKE: RegExp = /\.(map|json)$/i
