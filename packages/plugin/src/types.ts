/** Options of the assetmap plugin (all bundlers). */
export interface Options {
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
}

/** Options after defaults are applied; made once by `resolveOptions`. */
export interface ResolvedOptions {
  base: string | undefined
  release: string | undefined
  root: string | undefined
}
