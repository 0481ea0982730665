import type { Reference } from './types.ts'

/**
 * Import-map mode of a static build (`importMap` in `buildStatic`'s and `completeBuild`'s
 * options): JS modules are hashed, but the module specifiers inside them are left as written,
 * and the manifest records the module graph (`Manifest.importMap`) that `assets.importMap()`
 * turns into a `<script type="importmap">`. A changed module then renames only itself: its
 * importers' bytes, and so their hashes, do not depend on its name.
 */
export interface ImportMapOption {
  /**
   * Bare specifier (`lit`, `lit/decorators.js`) → logical name of the static module it maps to
   * (`vendor/lit/index.js`), recorded in the manifest's `importMap.specifiers`.
   * @default {}
   */
  specifiers?: Readonly<Record<string, string>> | undefined
}

/** Whether a build runs in import-map mode (`true` or an object turns it on). */
export function importMapOn(option: boolean | ImportMapOption | undefined): boolean {
  return option !== undefined && option !== false
}

/** The files the import map maps: JavaScript modules (as `recordImportMap` lists them). */
export const JS_MODULE: RegExp = /\.m?js$/i

/**
 * What the reference rule of import-map mode is, for the build cache's key: a cache written under
 * another rule holds other references for the same bytes. 2: JSON and CSS modules are rewritten.
 */
export const IMPORT_MAP_RULES: number = 2

/**
 * Whether a reference found in a static file is left as written (never renamed, and no
 * dependency of the file's hash): in import-map mode, a module specifier (`import … from`,
 * `export … from`, `import()`) of a JavaScript module, which the browser resolves through the
 * import map. A JSON or CSS module (`import data from './data.json' with { type: 'json' }`) is
 * not in the map, so its specifier is rewritten to its hashed name, as are `new URL(…,
 * import.meta.url)`, source maps and CSS references.
 */
export function leftForImportMap(kind: Reference['kind'], target: string, importMap: boolean): boolean {
  return importMap && kind === 'module' && JS_MODULE.test(target)
}
