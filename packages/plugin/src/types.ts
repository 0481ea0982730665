import type { Encoding, ImportMapOption, StaticDirOption } from '@assetmap/engine'

/** Options of the assetmap plugin (all bundlers). */
export interface Options {
  /**
   * Folders of files that nothing imports (CSS, images, fonts, vendored libraries) to hash into
   * the same manifest: `'static'` or `{ dir: 'node_modules/bootstrap/dist', prefix: 'vendor/bootstrap' }`.
   * References inside their CSS and JS are rewritten to the hashed names.
   * @default []
   */
  static?: StaticDirOption[]
  /**
   * When two `static` dirs hold a file of the same name, use the earlier dir's, as Django's
   * `collectstatic` does for a project dir listed before an app's; each shadowed file is named in
   * a build warning. Without it, two files of one name fail the build.
   * @default false
   */
  staticFirstWins?: boolean
  /**
   * Build the `static` dirs in import-map mode: their JS modules are hashed but their import
   * specifiers are left as written, and the manifest records the module graph for
   * `assets.importMap()` / `{% importmap %}`, so a changed module renames only itself.
   * `{ specifiers: { lit: 'vendor/lit/index.js' } }` also maps bare specifiers to static modules.
   * The bundler's own output is not affected.
   * @default false
   */
  staticImportMap?: boolean | ImportMapOption
  /**
   * Also write each static file unhashed under its logical name, for files that need a stable
   * URL (`favicon.ico`, `robots.txt`).
   * @default true
   */
  keepOriginals?: boolean
  /**
   * Fail the build, listing every broken reference in the static dirs, instead of warning.
   * @default false
   */
  strict?: boolean
  /**
   * Default base URL recorded in the manifest; servers override it with `ASSETMAP_BASE_URL`
   * or the runtime's `baseUrl` option.
   * @default the bundler's public path when it is absolute (Vite `base: '/static/'`, webpack
   * `output.publicPath`), else '/static/'
   */
  base?: string
  /**
   * Release id written into the manifest and used for `.assetmap/releases/<release>.json`
   * (a git sha works).
   * @default a hash of the build's content
   */
  release?: string
  /**
   * Folder that logical names are relative to.
   * @default Vite's `root`, webpack's `context`, else `process.cwd()`
   */
  root?: string
  /**
   * Precompress every file the manifest lists (bundle and hashed static files) for servers
   * that send variants: `true` for every encoding the running Node supports (brotli and gzip,
   * plus zstd on Node ≥ 22.15), or a list such as `['br', 'gzip']`. Variants sit beside each
   * file (`x.css.br`) and are listed in the manifest. Unhashed originals of static dirs are
   * not compressed (`assetmap compress <outDir>` does every file).
   * @default false
   */
  compress?: boolean | Encoding[]
  /**
   * Vite dev server: globs of server templates (`['views/**\/*.njk']`, relative to the root);
   * editing one reloads the page in the browser.
   * @default ['views/**', 'templates/**']
   */
  refresh?: string[]
  /**
   * Vite dev server: origins of the backend that renders pages (`'http://app.test'`) allowed by
   * CORS besides local ones (Vite 6+ allows only localhost by default).
   * @default []
   */
  backendOrigin?: string | string[]
}

/** Options after defaults are applied; made once by `resolveOptions`. */
export interface ResolvedOptions {
  static: StaticDirOption[]
  staticFirstWins: boolean
  staticImportMap: boolean | ImportMapOption
  keepOriginals: boolean
  strict: boolean
  base: string | undefined
  release: string | undefined
  root: string | undefined
  compress: Encoding[]
  refresh: string[]
  backendOrigin: string[]
}
