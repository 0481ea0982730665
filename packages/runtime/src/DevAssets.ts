import { escapeHtml } from './escapeHtml.ts'
import type { DevServer } from './devServer.ts'
import type { Assets, EntryTagsOptions, Manifest, ResolvedEntry } from './types.ts'

const NO_MANIFEST: Manifest = { version: 1, release: 'dev', base: '/', assets: {}, entries: {}, files: {} }
const CSS = /\.(css|scss|sass|less|styl|stylus|pcss|postcss)$/

/** A script tag with the nonce. */
function script(body: { src?: string; inline?: string }, nonce: string | undefined): string {
  const attributes = `type="module"${body.src ? ` src="${escapeHtml(body.src)}"` : ''}${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}`
  return `<script ${attributes}>${body.inline ?? ''}</script>`
}

/**
 * The resolver while the Vite dev server runs: every name is a path on the dev server (sources
 * and static dirs alike, unhashed), entries load `@vite/client` and the source module, with HMR.
 * There is no integrity in dev.
 */
export class DevAssets implements Assets {
  readonly #server: DevServer
  readonly #built: Manifest | undefined
  readonly manifestPath: string | undefined
  readonly outDir: string | undefined
  readonly dev = true

  constructor(server: DevServer, built: { manifest: Manifest | undefined; manifestPath: string | undefined; outDir: string | undefined }) {
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
    return this.#server.url + name.split('/').map(encodeURIComponent).join('/')
  }

  has(name: string): boolean {
    return name.length > 0
  }

  integrity(): undefined {
    return undefined
  }

  entry(name: string): ResolvedEntry {
    const url = this.url(name)
    return CSS.test(name) ? { type: 'module', js: [], css: [url], preload: [] } : { type: 'module', js: [url], css: [], preload: [] }
  }

  entryTags(name: string, options: EntryTagsOptions = {}): string {
    const tags: string[] = []
    if (options.reactRefresh) {
      const refresh = JSON.stringify(`${this.#server.url}@react-refresh`)
      tags.push(
        script(
          {
            inline: `import RefreshRuntime from ${refresh};RefreshRuntime.injectIntoGlobalHook(window);window.$RefreshReg$=()=>{};window.$RefreshSig$=()=>(type)=>type;window.__vite_plugin_react_preamble_installed__=true`,
          },
          options.nonce,
        ),
      )
    }
    if (options.viteClient !== false) tags.push(script({ src: `${this.#server.url}@vite/client` }, options.nonce))
    const { js, css } = this.entry(name)
    for (const href of css) tags.push(`<link rel="stylesheet" href="${escapeHtml(href)}"${options.nonce ? ` nonce="${escapeHtml(options.nonce)}"` : ''}>`)
    for (const src of js) tags.push(script({ src }, options.nonce))
    return tags.join('\n')
  }

  withBase(): Assets {
    return this
  }

  reload(): Manifest {
    return this.manifest
  }

  close(): void {}
}
