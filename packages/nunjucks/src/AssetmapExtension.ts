import type { Assets, EntryTagsOptions, ImportMapOptions } from '@assetmap/runtime'
import { escapeHtml } from '@assetmap/runtime/internal'
import nunjucks from 'nunjucks'

/** The render context Nunjucks passes to extensions and global functions. */
export interface RenderContext {
  ctx: Record<string, unknown>
}

/** Finds the assets for one render, and renders entry tags with the render's CSP nonce. */
export interface ContextLookup {
  assets(context: RenderContext | undefined): Assets
  entryTags(context: RenderContext | undefined, name: string, options: EntryTagsOptions): unknown
  importMap(context: RenderContext | undefined, entries: readonly string[], options: ImportMapOptions): unknown
}

interface Parser {
  nextToken(): { value: string }
  parseSignature(throwErrors: null, noParens: boolean): unknown
  advanceAfterBlockEnd(name: string): void
}
interface NodeList {
  children: unknown[]
}
interface Nodes {
  CallExtension: new (extension: object, method: string, args: unknown) => unknown
  Literal: new (...args: never[]) => { value: unknown }
  Output: new (lineno: number, colno: number, children: unknown[]) => unknown
  TemplateData: new (lineno: number, colno: number, value: string) => unknown
}

type TagKeywords = EntryTagsOptions & { __keywords?: true }

/** `{% static 'css/site.css' %}`, `{% entry 'src/main.ts', nonce=cspNonce %}` and `{% importmap 'js/app.js' %}`. */
export class AssetmapExtension {
  readonly tags: string[] = ['static', 'entry', 'importmap']
  readonly #lookup: ContextLookup
  readonly #inline: boolean

  constructor(lookup: ContextLookup, inline = false) {
    this.#lookup = lookup
    this.#inline = inline
  }

  parse(parser: Parser, nodes: Nodes): unknown {
    const token = parser.nextToken() as { value: string; lineno: number; colno: number }
    const args = parser.parseSignature(null, true) as NodeList
    parser.advanceAfterBlockEnd(token.value)
    const [first, ...rest] = args.children
    if (this.#inline && token.value === 'static' && rest.length === 0 && first instanceof nodes.Literal && typeof first.value === 'string') {
      const url = escapeHtml(this.#lookup.assets(undefined).url(first.value))
      return new nodes.Output(token.lineno, token.colno, [new nodes.TemplateData(token.lineno, token.colno, url)])
    }
    const method = token.value === 'static' ? 'renderStatic' : token.value === 'importmap' ? 'renderImportMap' : 'renderEntry'
    return new nodes.CallExtension(this, method, args)
  }

  renderStatic(context: RenderContext, name: string): unknown {
    return new nunjucks.runtime.SafeString(escapeHtml(this.#lookup.assets(context).url(name)))
  }

  renderEntry(context: RenderContext, name: string, keywords: TagKeywords = {}): unknown {
    const { __keywords: _marker, ...options } = keywords
    return this.#lookup.entryTags(context, name, options)
  }

  /** `{% importmap %}`, `{% importmap 'js/app.js' %}`, `{% importmap 'js/app.js', 'js/admin.js', preload=false %}`. */
  renderImportMap(context: RenderContext, ...args: unknown[]): unknown {
    const last = args.at(-1)
    const keywords = typeof last === 'object' && last !== null && !Array.isArray(last) ? (args.pop() as ImportMapOptions & { __keywords?: true }) : {}
    const { __keywords: _marker, ...options } = keywords
    const entries = args.flat().map(String)
    return this.#lookup.importMap(context, entries, options)
  }
}
