import { escapeHtml, type Assets, type EntryTagsOptions } from '@assetmap/runtime'
import nunjucks from 'nunjucks'

/** The render context Nunjucks passes to extensions and global functions. */
export interface RenderContext {
  ctx: Record<string, unknown>
}

/** Finds the assets and nonce for one render. */
export interface ContextLookup {
  assets(context: RenderContext | undefined): Assets
  nonce(context: RenderContext | undefined): string | undefined
}

interface Parser {
  nextToken(): { value: string }
  parseSignature(throwErrors: null, noParens: boolean): unknown
  advanceAfterBlockEnd(name: string): void
}
interface Nodes {
  CallExtension: new (extension: object, method: string, args: unknown) => unknown
}

type TagKeywords = EntryTagsOptions & { __keywords?: true }

/** `{% static 'css/site.css' %}` and `{% entry 'src/main.ts', nonce=cspNonce %}`. */
export class AssetmapExtension {
  readonly tags: string[] = ['static', 'entry']
  readonly #lookup: ContextLookup

  constructor(lookup: ContextLookup) {
    this.#lookup = lookup
  }

  parse(parser: Parser, nodes: Nodes): unknown {
    const token = parser.nextToken()
    const args = parser.parseSignature(null, true)
    parser.advanceAfterBlockEnd(token.value)
    return new nodes.CallExtension(this, token.value === 'static' ? 'renderStatic' : 'renderEntry', args)
  }

  renderStatic(context: RenderContext, name: string): unknown {
    return new nunjucks.runtime.SafeString(escapeHtml(this.#lookup.assets(context).url(name)))
  }

  renderEntry(context: RenderContext, name: string, keywords: TagKeywords = {}): unknown {
    const { __keywords, ...options } = keywords
    void __keywords
    const nonce = options.nonce ?? this.#lookup.nonce(context)
    return new nunjucks.runtime.SafeString(this.#lookup.assets(context).entryTags(name, { ...options, ...(nonce ? { nonce } : {}) }))
  }
}
