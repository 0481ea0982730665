import type { Assets, EntryTagsOptions, ImportMapOptions } from '@assetmap/runtime'
import { escapeHtml } from '@assetmap/runtime/internal'
import nunjucks from 'nunjucks'

/** The render context Nunjucks passes to extensions and global functions. */
export interface RenderContext {
  ctx: Record<string, unknown>
}

/** Finds the assets for one render, and renders entry tags with the render's CSP nonce. */
export interface ContextLookup {
  /** The render's page scope, or that of the build named (see `AssetsOptions.builds`). */
  assets(context: RenderContext | undefined, build?: string): Assets
  entryTags(context: RenderContext | undefined, name: string, options: EntryTagsOptions, build?: string): unknown
  importMap(context: RenderContext | undefined, entries: readonly string[], options: ImportMapOptions, build?: string): unknown
}

interface Token {
  type: string
  value: string
  lineno: number
  colno: number
}
interface Parser {
  nextToken(): Token
  peekToken(): Token
  parseExpression(): unknown
  parseSignature(throwErrors: null, noParens: boolean): NodeList
  skip(type: string): boolean
  skipSymbol(value: string): boolean
  skipValue(type: string, value: string): boolean
  fail(message: string, lineno: number, colno: number): never
  advanceAfterBlockEnd(name: string): void
}
interface NodeList {
  children: unknown[]
  addChild(node: unknown): void
}
interface Node {
  lineno: number
  colno: number
}
interface Nodes {
  NodeList: new (lineno: number, colno: number, children: unknown[]) => NodeList
  CallExtension: new (extension: object, method: string, args: unknown) => unknown
  Literal: new (lineno: number, colno: number, value: unknown) => { value: unknown }
  KeywordArgs: new (lineno: number, colno: number) => NodeList
  Pair: new (lineno: number, colno: number, key: unknown, value: unknown) => unknown
  Output: new (lineno: number, colno: number, children: unknown[]) => unknown
  TemplateData: new (lineno: number, colno: number, value: string) => unknown
}

type TagKeywords = EntryTagsOptions & { __keywords?: true }

/**
 * `{% static 'css/site.css' %}`, `{% entry 'src/main.ts', nonce=cspNonce %}` and
 * `{% importmap 'js/app.js' %}`; each names another build with `from` after the name:
 * `{% entry 'src/admin.ts' from 'admin', nonce=n %}`, `{% importmap 'js/admin.js' from 'admin' %}`.
 */
export class AssetmapExtension {
  readonly tags: string[] = ['static', 'entry', 'importmap']
  readonly #lookup: ContextLookup
  readonly #inline: boolean

  constructor(lookup: ContextLookup, inline = false) {
    this.#lookup = lookup
    this.#inline = inline
  }

  parse(parser: Parser, nodes: Nodes): unknown {
    const token = parser.nextToken()
    if (token.value === 'importmap') return this.#parseImportMap(parser, nodes, token)
    const first = parser.parseExpression()
    const build = parser.skipSymbol('from') ? parser.parseExpression() : undefined
    const next = parser.peekToken()
    if (!parser.skip('comma') && next.type !== 'block-end') parser.fail(`${token.value}: expected a comma or the end of the tag after the name${build ? ' and its build' : ''}`, next.lineno, next.colno)
    const rest = parser.parseSignature(null, true).children
    parser.advanceAfterBlockEnd(token.value)
    const literal = (node: unknown): string | undefined => (node instanceof nodes.Literal && typeof node.value === 'string' ? node.value : undefined)
    const name = literal(first)
    const buildName = build === undefined ? undefined : literal(build)
    if (this.#inline && token.value === 'static' && rest.length === 0 && name !== undefined && (build === undefined || buildName !== undefined)) {
      const url = escapeHtml(this.#lookup.assets(undefined, buildName).url(name))
      return new nodes.Output(token.lineno, token.colno, [new nodes.TemplateData(token.lineno, token.colno, url)])
    }
    const method = `render${token.value === 'static' ? 'Static' : 'Entry'}${build ? 'From' : ''}`
    return new nodes.CallExtension(this, method, new nodes.NodeList(token.lineno, token.colno, build ? [build, first, ...rest] : [first, ...rest]))
  }

  /**
   * Names, then `from` and a build, then keywords, none required: `{% importmap %}` maps the whole
   * build, `{% importmap 'js/admin.js' from 'admin', preload=false %}` another build's entry.
   * Nunjucks' own signature parser knows no `from`: this is it, with `from` before any keyword.
   */
  #parseImportMap(parser: Parser, nodes: Nodes, token: Token): unknown {
    const args = new nodes.NodeList(token.lineno, token.colno, [])
    const keywords = new nodes.KeywordArgs(token.lineno, token.colno)
    let build: unknown
    let comma = false
    while (parser.peekToken().type !== 'block-end') {
      if (build === undefined && keywords.children.length === 0 && parser.skipSymbol('from')) {
        build = parser.parseExpression()
      } else {
        const next = parser.peekToken()
        if (comma && !parser.skip('comma')) parser.fail("importmap: expected a comma between arguments: names, then from 'build', then keywords", next.lineno, next.colno)
        const arg = parser.parseExpression() as Node
        if (parser.skipValue('operator', '=')) keywords.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, parser.parseExpression()))
        else args.addChild(arg)
      }
      comma = true
    }
    parser.advanceAfterBlockEnd(token.value)
    if (keywords.children.length > 0) args.addChild(keywords)
    const from = build ?? new nodes.Literal(token.lineno, token.colno, null)
    return new nodes.CallExtension(this, 'renderImportMap', new nodes.NodeList(token.lineno, token.colno, [from, ...args.children]))
  }

  renderStatic(context: RenderContext, name: string): unknown {
    return this.renderStaticFrom(context, undefined, name)
  }

  renderEntry(context: RenderContext, name: string, keywords?: TagKeywords): unknown {
    return this.renderEntryFrom(context, undefined, name, keywords)
  }

  renderStaticFrom(context: RenderContext, build: string | undefined, name: string): unknown {
    return new nunjucks.runtime.SafeString(escapeHtml(this.#lookup.assets(context, build).url(name)))
  }

  renderEntryFrom(context: RenderContext, build: string | undefined, name: string, keywords: TagKeywords = {}): unknown {
    const { __keywords: _marker, ...options } = keywords
    return this.#lookup.entryTags(context, name, options, build)
  }

  /** `{% importmap %}`, `{% importmap 'js/app.js' %}`, `{% importmap 'js/app.js', 'js/admin.js', preload=false %}`, `{% importmap 'js/admin.js' from 'admin' %}`. */
  renderImportMap(context: RenderContext, build: string | null, ...args: unknown[]): unknown {
    const last = args.at(-1)
    const keywords = typeof last === 'object' && last !== null && !Array.isArray(last) ? (args.pop() as ImportMapOptions & { __keywords?: true }) : {}
    const { __keywords: _marker, ...options } = keywords
    const entries = args.flat().map(String)
    return this.#lookup.importMap(context, entries, options, build ?? undefined)
  }
}
