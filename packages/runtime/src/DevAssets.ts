import { readdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { closestNames } from './closestNames.ts'
import { encodeUrlPath } from './encodeUrlPath.ts'
import { escapeHtml } from './escapeHtml.ts'
import { onlyBuild, unknownAsset, unknownEntry } from './notFound.ts'
import { PageView, type PageableAssets } from './PageView.ts'
import type { EmittedUrls } from './renderEntryTags.ts'
import type { DevServer } from './devServer.ts'
import type { Assets, EntryTagsOptions, ImportMapOptions, Manifest, ResolvedEntry } from './types.ts'
import { renderImportMap } from './renderImportMap.ts'
import { nonceAttribute } from './nonceAttribute.ts'

const NO_MANIFEST: Manifest = { version: 1, release: 'dev', base: '/', assets: {}, entries: {}, files: {} }
const CSS = /\.(css|scss|sass|less|styl|stylus|pcss|postcss)$/

/** A script tag with the nonce (a module unless `type` says otherwise; `''` for a classic script). */
function script(body: { type?: string | undefined; src?: string | undefined; inline?: string | undefined }, nonce: string | undefined): string {
  const type = body.type ?? 'module'
  const attributes = [type && `type="${escapeHtml(type)}"`, body.src && `src="${escapeHtml(body.src)}"`, nonce && `nonce="${escapeHtml(nonce)}"`].filter(Boolean).map((attribute) => ` ${attribute}`).join('')
  return `<script${attributes}>${body.inline ?? ''}</script>`
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false
}

/** Names of the files beside `name` in `dir` (`prefix` + path), for suggestions. */
function siblings(dir: string, name: string, prefix: string): string[] {
  const folder = dirname(name) === '.' ? '' : `${dirname(name)}/`
  try {
    return readdirSync(resolve(dir, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => prefix + folder + entry.name)
  } catch {
    return []
  }
}

/**
 * The resolver while the Vite dev server runs: every name is a path on the dev server (sources
 * and static dirs alike, unhashed), entries load `@vite/client` and the source module, with HMR.
 * There is no integrity in dev. When the dev file gives the root, a name must be a file there
 * or in a static dir, or it throws as in production (docs/design.md invariant 7: dev is honest).
 */
export class DevAssets implements PageableAssets {
  readonly #server: DevServer
  readonly #built: Manifest | undefined
  readonly manifestPath: string | undefined
  readonly outDir: string | undefined
  /** `build "admin"`, for errors, when the app has several builds. */
  readonly #label: string | undefined
  readonly dev = true
  readonly isPage = false

  constructor(server: DevServer, built: { manifest: Manifest | undefined; manifestPath: string | undefined; outDir: string | undefined; label?: string | undefined }) {
    this.#label = built.label
    this.#server = server
    this.#built = built.manifest
    this.manifestPath = built.manifestPath
    this.outDir = built.outDir
  }

  /** The last build's manifest if there is one; dev mode does not need it. */
  get manifest(): Manifest {
    return this.#built ?? NO_MANIFEST
  }

  get baseUrl(): string {
    return this.#server.url
  }

  url(name: string): string {
    if (!this.has(name)) throw unknownAsset(name, this.#describe(), this.#closest(name, Object.keys(this.manifest.assets)))
    return this.#server.url + encodeUrlPath(name)
  }

  /** Whether the name is a file under the root or in a static dir (any non-empty name when the dev file does not give the root). */
  has(name: string): boolean {
    if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) return false
    const root = this.#server.root
    if (root === undefined) return true
    for (const { dir, prefix } of this.#server.static ?? []) {
      if (prefix === '' && isFile(resolve(dir, name))) return true
      if (prefix !== '' && name.startsWith(`${prefix}/`) && isFile(resolve(dir, name.slice(prefix.length + 1)))) return true
    }
    return isFile(resolve(root, name))
  }

  integrity(name: string): undefined {
    this.url(name)
    return undefined
  }

  entry(name: string): ResolvedEntry {
    const entries = this.#server.entries
    // Only a build input is an entry in production: the same names work, and fail, in both.
    if (entries !== undefined ? !entries.includes(name) : !this.has(name)) throw unknownEntry(name, this.#describe(), entries ? closestNames(name, entries) : this.#closest(name, Object.keys(this.manifest.entries)))
    const url = this.#server.url + encodeUrlPath(name)
    return CSS.test(name) ? { type: 'module', js: [], css: [url], preload: [] } : { type: 'module', js: [url], css: [], preload: [] }
  }

  entryTags(name: string, options?: EntryTagsOptions): string {
    return this.renderEntryTags(name, options, undefined)
  }

  /** @internal Dev tags; on a page, `@vite/client`, the preamble and each module go out once. */
  renderEntryTags(name: string, options: EntryTagsOptions = {}, emitted: EmittedUrls | undefined): string {
    nonceAttribute(options.nonce, 'entryTags()')
    const { js, css } = this.entry(name)
    // Only the entry's own stylesheets and modules go into the dev report: the client and preambles are Vite's.
    const fresh = (url: string, kind?: 'stylesheet' | 'script'): boolean => emitted === undefined || emitted.first(url, kind)
    const tags: string[] = []
    const injected = this.#server.pageScripts
    if (injected !== undefined) {
      // What the Vite config's plugins put into a page (React's Fast Refresh preamble): it replaces `reactRefresh`.
      for (const { type, src, code } of injected) if (fresh(src ?? `inline:${code}`)) tags.push(script({ type: type ?? '', src, inline: code }, options.nonce))
    } else if (options.reactRefresh && fresh(`${this.#server.url}@react-refresh`)) {
      const refresh = `${this.#server.url}@react-refresh`
      tags.push(
        script(
          {
            inline: `import RefreshRuntime from ${JSON.stringify(refresh)};RefreshRuntime.injectIntoGlobalHook(window);window.$RefreshReg$=()=>{};window.$RefreshSig$=()=>(type)=>type;window.__vite_plugin_react_preamble_installed__=true`,
          },
          options.nonce,
        ),
      )
    }
    const client = `${this.#server.url}@vite/client`
    if (options.viteClient !== false && fresh(client)) tags.push(script({ src: client }, options.nonce))
    for (const sheet of this.#stylesheets(name, css)) {
      if (!fresh(sheet.href, 'stylesheet')) continue
      // data-vite-dev-id: Vite's client then updates this <link> on an edit instead of adding a <style> copy of it.
      const id = sheet.id === undefined ? '' : ` data-vite-dev-id="${escapeHtml(sheet.id)}"`
      tags.push(`<link rel="stylesheet" href="${escapeHtml(sheet.href)}"${id}${options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : ''}>`)
    }
    for (const src of js) if (fresh(src, 'script')) tags.push(script({ src }, options.nonce))
    return tags.join('\n')
  }

  /** The dev server's modules change as they are edited, and nothing hints them: empty. */
  hints(): string[] {
    return []
  }

  // The last build's module graph, every URL the dev server's (unhashed, no integrity).
  importMap(entries?: string | readonly string[], options?: ImportMapOptions): string {
    return renderImportMap(this, entries, options)
  }

  withBase(_baseUrl: string, build?: string): Assets {
    if (build !== undefined) onlyBuild(this, build)
    return this
  }

  build(name: string): Assets {
    return onlyBuild(this, name)
  }

  page(): Assets {
    return new PageView(this)
  }

  reload(): Manifest {
    return this.manifest
  }

  close(): void {}

  /** A CSS entry's own sheet, or the sheets a module entry imports when the module graph is at hand. */
  #stylesheets(name: string, css: string[]): Array<{ href: string; id: string | undefined }> {
    const root = this.#server.root
    if (css.length > 0) return css.map((href) => ({ href, id: root === undefined ? undefined : resolve(root, name) }))
    return (this.#server.stylesheets?.(name) ?? []).map((sheet) => ({ href: this.#server.url + encodeUrlPath(sheet.path), id: sheet.id }))
  }

  #describe(): string {
    return `${this.#label === undefined ? '' : `${this.#label}: `}the Vite dev server's files (root ${this.#server.root ?? '?'}${(this.#server.static ?? []).map((s) => `, static dir ${s.dir}`).join('')})`
  }

  /** Close names among the files beside the wanted one, and the last build's names. */
  #closest(name: string, built: string[]): string[] {
    const root = this.#server.root
    if (root === undefined || name.length > 512) return []
    const known = new Set([...built, ...siblings(root, name, '')])
    for (const { dir, prefix } of this.#server.static ?? []) {
      if (prefix === '') for (const sibling of siblings(dir, name, '')) known.add(sibling)
      else if (name.startsWith(`${prefix}/`)) for (const sibling of siblings(dir, name.slice(prefix.length + 1), `${prefix}/`)) known.add(sibling)
    }
    return closestNames(name, known)
  }
}
