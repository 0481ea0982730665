/** How the browser must load an entry's JavaScript. */
export type EntryType = 'module' | 'classic'

/** One bundler entry with its closure precomputed at build time. Paths are output paths. */
export interface ManifestEntry {
  /** `module`: `<script type="module">`; `classic`: `<script defer>` for each file in order. */
  type: EntryType
  /** The entry's JavaScript files, in load order. Empty for a CSS-only entry. */
  js: string[]
  /** The CSS of the entry and of every statically imported chunk, recursively, dependencies first. */
  css: string[]
  /** Every statically imported chunk, deduped, in order. Dynamic imports are never listed. */
  preload: string[]
  /**
   * Fonts the entry's stylesheets name (`url()` in `@font-face`), woff2 first, each once. Written
   * by the plugin when the entry's CSS references fonts; omitted otherwise.
   */
  fonts?: string[]
  /**
   * What the entry may load later: the chunks its dynamic imports reach (recursively, with their
   * static imports) and their CSS, less what `js`, `css` and `preload` already load. Omitted when empty.
   */
  lazy?: string[]
}

/** What the manifest records of one output file. */
export interface ManifestFile {
  /** Size in bytes of the identity file. */
  size: number
  /** Subresource Integrity of the file's final bytes (`sha384-…`). */
  integrity: string
  /** Precompressed variants that sit beside the file (`x.css.br`), if any. */
  encodings?: string[]
}

/** The contents of `assetmap.json` (format version 1). */
export interface Manifest {
  version: 1
  /** Identifies the build: given by the user or derived from the content. */
  release: string
  /** Base URL recorded at build time; the runtime may override it. Ends in `/`. */
  base: string
  /**
   * Set when the bundler wrote an absolute public path into the JS and CSS (Vite `base: '/dev/'`,
   * webpack `publicPath: '/build/'`): URLs the bundle makes at run time (lazy chunks, `new URL(…)`
   * assets) use it whatever base the runtime is given. Ends in `/`.
   */
  pinnedBase?: string
  /** Logical name → output path. */
  assets: Record<string, string>
  /** Logical name of each bundler entry → its closure. */
  entries: Record<string, ManifestEntry>
  /** Output path → facts about the file. */
  files: Record<string, ManifestFile>
  /** Present when static folders were built in import-map mode (`assetmap build --importmap`). */
  importMap?: ManifestImportMap
}

/** What an import-map build records: its modules' static imports and the bare specifiers it maps. */
export interface ManifestImportMap {
  /** Logical name of each JS module built in import-map mode → logical names of the modules it imports statically (for the modulepreload closure). */
  modules: Record<string, string[]>
  /** Bare specifier (`lit`, `lit/decorators.js`) → logical name of the module it maps to. */
  specifiers: Record<string, string>
}

/** Options of `createAssets`. */
export interface AssetsOptions {
  /**
   * Path of `assetmap.json` (or of the output folder that holds it), or an already parsed manifest object.
   * @default 'dist/static/assetmap.json'
   */
  manifest?: string | Manifest
  /**
   * Base URL the output dir is served from: an absolute path (`/static/`) or a URL
   * (`https://cdn.example.com/static/`). A missing trailing slash is added.
   * @default process.env.ASSETMAP_BASE_URL, else the manifest's `base`
   */
  baseUrl?: string
  /**
   * Pin a release: resolve names with `.assetmap/releases/<release>.json` beside the manifest
   * instead of `assetmap.json`, so that during a rolling deploy a server keeps its own release's
   * names while a newer build's manifest is already in place.
   * @default process.env.ASSETMAP_RELEASE, else the current `assetmap.json`
   */
  release?: string
  /**
   * Use the Vite dev server while it runs: `'auto'` when `assetmap.dev.json` (written by the
   * plugin) names a live process and `NODE_ENV` is not `production`; `true` requires it;
   * `false` never. `ASSETMAP_DEV_SERVER=http://localhost:5173` forces a dev server.
   * @default 'auto'
   */
  dev?: 'auto' | boolean
  /**
   * Follow the manifest file: reload it whenever a build rewrites it (watch builds, deploys onto
   * a running server). A new file that is invalid is reported to `onWarning` and the current
   * manifest stays in use. The watcher does not keep the process alive; `close()` stops it.
   * @default false
   */
  watch?: boolean
  /** Receives problems found while watching. @default console.warn */
  onWarning?: (message: string) => void
  /**
   * Preload each entry's fonts (see `ManifestEntry.fonts`) in every `entryTags` and `hints`
   * call that does not say otherwise.
   * @default false
   */
  fonts?: boolean
  /**
   * Prefetch each entry's lazy chunks after the page's `load` in every `entryTags` call that does
   * not say otherwise: `true` or the number of prefetches in flight at once (`true` is 3).
   * @default false
   */
  prefetch?: boolean | number
  /**
   * The app's other builds by name (an admin panel's Vite build, a webpack legacy build, a folder
   * hashed by `assetmap build`): each with its own options (manifest, `baseUrl`, `release`, `dev`,
   * `watch`) or assets made already (`followManifest`, a dev server's). Templates name them
   * (`assets.build('admin')`, `static('x', 'admin')`, `{% entry 'src/admin.ts' from 'admin' %}`);
   * this build is `'default'`. `ASSETMAP_BASE_URL`, `ASSETMAP_RELEASE` and `ASSETMAP_DEV_SERVER`
   * apply to the default build only.
   * @default {} (one build)
   */
  builds?: Record<string, Omit<AssetsOptions, 'builds'> | Assets>
}

/** Options of `entryTags`. */
export interface EntryTagsOptions {
  /** CSP nonce put on every tag. @default undefined */
  nonce?: string
  /** Put `integrity` from the manifest on every tag. @default true */
  integrity?: boolean
  /** The `crossorigin` attribute; `false` leaves it out. @default 'anonymous' */
  crossorigin?: 'anonymous' | 'use-credentials' | false
  /** Render `<link rel="modulepreload">` for statically imported chunks. @default true */
  preload?: boolean
  /** Dev server only: render the `@vite/client` script (a page scope, see `Assets.page`, renders it once per page). @default true */
  viteClient?: boolean
  /**
   * Render, before the tags, a small inline script that reloads the page once when a lazy chunk
   * of an earlier release is gone (Vite's `vite:preloadError`, webpack's `ChunkLoadError`, a
   * failed dynamic import), after dispatching `assetmap:reload` on `window` with
   * `{ url, error, release, reloaded }` (cancelable: `preventDefault()` keeps the page; `release` is,
   * on a page of several builds, every build's `name@release`, so a deploy of any counts). A second
   * failure after that reload dispatches the event with `reloaded: true` and does not reload.
   * Once per page. Built assets only (the dev server keeps no old chunks).
   * @default false
   */
  reloadOnChunkError?: boolean
  /**
   * Dev server only: render the React Refresh preamble that @vitejs/plugin-react needs. Only for a
   * dev server that does not say which scripts its plugins inject (the plugin's dev file does, and
   * `{% entry %}` then writes them, React's preamble included, whatever this says). @default false
   */
  reactRefresh?: boolean
  /**
   * Render `<link rel="preload" as="font" crossorigin>` for the fonts the entry's stylesheets
   * name, so they download beside the CSS instead of after it (built manifests only).
   * @default the `fonts` option of `createAssets` (false)
   */
  fonts?: boolean
  /**
   * After the page's `load` event, prefetch the entry's lazy chunks and their CSS with
   * `<link rel="prefetch">`, at most this many at a time (`true` is 3), from a small inline script
   * that carries the nonce. Built manifests only.
   * @default the `prefetch` option of `createAssets` (false)
   */
  prefetch?: boolean | number
}

/** Options of `hints`. */
export interface HintsOptions {
  /** The `crossorigin` the entry tags use (the hints must match them to be used). @default 'anonymous' */
  crossorigin?: 'anonymous' | 'use-credentials' | false
  /** Hint the statically imported chunks too (as the tags' modulepreloads do). @default true */
  preload?: boolean
  /** Give each hint the `integrity` its tag has (Chromium uses a preload only when they match). @default true */
  integrity?: boolean
  /** Hint the entries' fonts. @default the `fonts` option of `createAssets` (false) */
  fonts?: boolean
}

/** Options of `importMap`. */
export interface ImportMapOptions {
  /** CSP nonce put on the `<script type="importmap">`, the preloads and the scripts. @default undefined */
  nonce?: string
  /** Put every module's `integrity` into the map (and on the preloads and scripts). @default true */
  integrity?: boolean
  /** The `crossorigin` attribute of the preloads and scripts; `false` leaves it out. @default 'anonymous' */
  crossorigin?: 'anonymous' | 'use-credentials' | false
  /** Render `<link rel="modulepreload">` for every module the entries import statically, recursively. @default true */
  preload?: boolean
  /** Render `<script type="module" src>` for each entry (else only the map and the preloads). @default true */
  scripts?: boolean
  /**
   * More `imports` for the page's one map (specifier → URL), merged in: a page has one import
   * map, which must come before any module script. The build's own mappings win on a clash.
   * @default {}
   */
  imports?: Readonly<Record<string, string>>
  /**
   * Render, before the map, the inline script of `EntryTagsOptions.reloadOnChunkError`: a module
   * of an earlier release that a lazy `import()` cannot fetch after a deploy reloads the page once,
   * after dispatching `assetmap:reload`. Once per page, whichever tag asks first. Built assets only.
   * @default false
   */
  reloadOnChunkError?: boolean
}

/** An entry with every path turned into a URL under the current base. */
export interface ResolvedEntry {
  type: EntryType
  js: string[]
  css: string[]
  preload: string[]
}

/** Resolves logical names to URLs. Made by `createAssets`; `withBase` gives views on another base. */
export interface Assets {
  /** The loaded manifest. */
  readonly manifest: Manifest
  /** Where the manifest was read from, if it came from a file (a release's copy when pinned). */
  readonly manifestPath: string | undefined
  /** The build's output dir (the folder of `assetmap.json`), if the manifest came from a file. */
  readonly outDir: string | undefined
  /** The base URL in use, ending in `/` (the dev server's URL in dev mode). */
  readonly baseUrl: string
  /** Whether names resolve against the Vite dev server (see the `dev` option). */
  readonly dev: boolean
  /** Whether this view is one page's scope (made by `page()`), which emits each file once. */
  readonly isPage: boolean
  /**
   * URL of an asset: the base, then the output path percent-encoded segment by segment (the base
   * is used as given). Throws `ASSET_NOT_FOUND` for an unknown name, with close names; in dev
   * mode, for a name that is no file under the root or in a static dir.
   */
  url(name: string): string
  /** Whether the manifest knows the name. */
  has(name: string): boolean
  /** SRI integrity of an asset (`sha384-…`), or `undefined` if the manifest has none for its file. */
  integrity(name: string): string | undefined
  /** An entry's files as URLs. Throws `ENTRY_NOT_FOUND` for an unknown entry. */
  entry(name: string): ResolvedEntry
  /** The HTML tags that load an entry: stylesheets, modulepreloads, then the script(s). */
  entryTags(name: string, options?: EntryTagsOptions): string
  /**
   * `Link` header values (RFC 8288) that let the browser fetch the entries' files before the
   * HTML arrives: `rel=preload; as=style` for stylesheets, `rel=modulepreload` for module scripts
   * and their chunks (`rel=preload; as=script` for classic ones), `rel=preload; as=font` for fonts
   * when asked, each file once, as URLs under this view's base. Send them with `sendEarlyHints`
   * before the render (a 103 and the final response's `Link`). Throws `ENTRY_NOT_FOUND` as
   * `entryTags` does. Empty while the dev server runs.
   */
  hints(entries: string | readonly string[], options?: HintsOptions): string[]
  /**
   * The tags of an import-map build (`assetmap build --importmap`) for one page: a
   * `<script type="importmap">` that maps each module's logical URL and each bare specifier to
   * its hashed URL under this view's base, with every module's `integrity`; then a
   * `<link rel="modulepreload">` for each module the entries import statically, recursively; then a
   * `<script type="module">` for each entry (logical names of modules). On a page (`page()`),
   * a second call renders no second map, and leaves out preloads and scripts already emitted.
   * Throws `INVALID_OPTION` when the manifest has no import map, `ENTRY_NOT_FOUND` for an entry
   * that is no module of it.
   */
  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string
  /**
   * A cheap view of the same manifest under another base URL (per request, per tenant). With
   * `build`, only that build (see `AssetsOptions.builds`) moves to the base; the others keep theirs.
   */
  withBase(baseUrl: string, build?: string): Assets
  /**
   * One of the app's builds by name (`'default'` is this one; see `AssetsOptions.builds`), sharing
   * this view's page scope and bases. Throws `BUILD_NOT_FOUND` for an unknown name, with close names.
   */
  build(name: string): Assets
  /**
   * A scope for rendering one page (make one per response): its `entryTags` leave out every file
   * an earlier `entryTags` call of the page emitted, so two entries that share a runtime chunk, a
   * vendor chunk or CSS load it once. A URL `url()` gave never removes a tag. `withBase` on a page keeps
   * the same scope; `page()` on a page starts a new one.
   */
  page(): Assets
  /**
   * Reads the manifest file again (after a rebuild, on SIGHUP) and switches every view to it.
   * If the new file is missing or invalid this throws and the current manifest stays in use.
   * Servers that hold `manifest` (such as `@assetmap/serve`) notice the new object.
   * @returns the new manifest.
   */
  reload(): Manifest
  /** Stops following the manifest file (see the `watch` option); a no-op otherwise. */
  close(): void
}
