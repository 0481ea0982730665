import { escapeHtml } from './escapeHtml.ts'

/** Prefetches in flight at once when the option says only `true`. */
export const DEFAULT_PREFETCH_CONCURRENCY = 3

/** The concurrency a `prefetch` option asks for, or 0 for none. */
export function prefetchConcurrency(prefetch: boolean | number | undefined): number {
  if (prefetch === true) return DEFAULT_PREFETCH_CONCURRENCY
  if (typeof prefetch !== 'number' || !Number.isFinite(prefetch) || prefetch < 1) return 0
  return Math.floor(prefetch)
}

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/

/** JSON that cannot end a `<script>` element or open a comment in it. */
function scriptJson(value: unknown): string {
  const json = JSON.stringify(value)
  // Percent-encoded URLs hold none of these: test before replacing.
  return UNSAFE_IN_SCRIPT.test(json) ? json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : json
}

// Starts the next prefetch, if any is left, when one ends: at most `concurrency` are in flight.
const NEXT =
  `const next=()=>{if(i>=u.length)return;const h=u[i++],l=document.createElement('link');` +
  `l.rel='prefetch';l.href=h;l.as=/\\.css(?:[?#]|$)/.test(h)?'style':'script';if(c!==null)l.crossOrigin=c;l.fetchPriority='low';` +
  `l.onload=l.onerror=next;document.head.append(l)};`
const START = `document.readyState==='complete'?start():addEventListener('load',start,{once:true})`

/**
 * An inline script that, once the page has loaded, adds `<link rel="prefetch">` for each URL with
 * at most `concurrency` in flight: a link's `load` or `error` starts the next one. Stylesheets get
 * `as=style`, everything else `as=script`; `crossorigin` matches the tags, so the later request
 * finds the prefetched response in the cache.
 */
export function renderPrefetchScript(urls: readonly string[], concurrency: number, crossorigin: string | false, nonce: string | undefined): string {
  const cors = crossorigin === false ? 'null' : scriptJson(crossorigin)
  const body = `(()=>{const u=${scriptJson(urls)},c=${cors};let i=0;${NEXT}const start=()=>{for(let k=0;k<${concurrency};k++)next()};${START}})()`
  return `<script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}>${body}</script>`
}
